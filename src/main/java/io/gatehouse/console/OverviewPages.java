package io.gatehouse.console;

import io.gatehouse.console.view.Configuration;
import io.gatehouse.console.view.Overview.Expiring;
import io.gatehouse.console.view.Overview.Step;
import io.gatehouse.console.view.Overview.Window;
import io.gatehouse.console.view.PolicyEvent;
import io.gatehouse.console.view.Repo;
import io.gatehouse.console.view.RepoKey;
import io.gatehouse.console.view.RequestEntry;
import io.gatehouse.console.view.RequestSummary;
import io.gatehouse.console.view.UsageRow;
import io.gatehouse.console.view.UsageTotal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workspace's home page ({@code /ui/w/{ws}}, where a workspace link leads): requests, tokens, errors, blocks and
 * cost over the last hour and day, configurations whose validation failed, keys about to expire, the latest
 * violations, and — until each is done — the steps from an empty workspace to a governed request.
 */
final class OverviewPages {
    /** Keys expiring within this are listed. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(7);
    /** How far back "has this workspace sent a request" looks: the usage events are kept this long or less. */
    private static final Duration EVER = Duration.ofDays(400);
    private static final int KEYS_OF_REPOS = 20;

    void register(ConsoleRoutes routes) {
        routes.page("/ui/w/:ws", this::page);
        // The workspace switcher keeps the section: from the home page it asks for this one.
        routes.page("/ui/w/:ws/overview", call -> ConsoleReply.redirect("/ui/w/" + call.path("ws")));
    }

    private ConsoleReply page(ConsoleCall call) {
        Frame frame = call.frame("overview");
        String ws = frame.workspace().id();
        Instant now = Instant.now();
        List<Repo> repos = RepoPages.repos(call, ws);
        List<Configuration> configs = ConfigurationPages.configurations(call, ws);
        List<Expiring> expiring = new ArrayList<>();
        boolean anyKey = false;
        for (Repo repo : repos.subList(0, Math.min(repos.size(), KEYS_OF_REPOS))) {
            for (RepoKey key : RepoPages.keys(call, repo.id())) {
                anyKey = true;
                if (key.expiresAt() != null && key.expiresAt().isBefore(now.plus(EXPIRY_WARNING))) {
                    expiring.add(new Expiring(key, repo));
                }
            }
        }
        List<UsageRow> day = UsagePages.rows(call, UsagePages.Range.H24, now, repos, "");
        List<Window> windows = List.of(window(call, "Last hour", day, now, Duration.ofHours(1), ws),
                window(call, "Last 24 hours", day, now, Duration.ofHours(24), ws));
        List<PolicyEvent.Violation> violations = call.api().read("/policy/violations",
                Map.of("workspaceId", ws, "take", "5")).list("violations", PolicyEvent.Violation.class);
        boolean anyPolicy = !call.api().read("/policy", Map.of("orgId", call.session().orgId(), "workspaceId", ws, "take", "1"))
                .json().path("policies").isEmpty()
                || !call.api().read("/policy", Map.of("orgId", call.session().orgId(), "scope", "ORGANIZATION", "take", "1"))
                .json().path("policies").isEmpty();
        String base = frame.base();
        String firstRepo = repos.isEmpty() ? base + "/repos" : base + "/repos/" + repos.getFirst().id();
        List<Step> steps = List.of(
                new Step("Connect a provider: create a configuration and validate it", base + "/configurations",
                        configs.stream().anyMatch(c -> "VALID".equals(c.validationStatus()))),
                new Step("Create a repository that uses it", base + "/repos", !repos.isEmpty()),
                new Step("Create a key for your application", firstRepo, anyKey),
                new Step("Send a first request with \"try it\"", firstRepo + "#try-it", newestRequest(call, ws, now).isPresent()),
                new Step("Add a policy", base + "/policies", anyPolicy));
        return call.page("overview", frame, "windows", windows, "steps", steps,
                "failing", configs.stream().filter(c -> "FAILED".equals(c.validationStatus())).toList(),
                "expiring", expiring, "violations", violations, "now", now);
    }

    private static Window window(ConsoleCall call, String label, List<UsageRow> rows, Instant now, Duration length, String ws) {
        long since = now.minus(length).toEpochMilli();
        UsageTotal usage = UsageTotal.empty(label);
        long blocks = 0;
        for (UsageRow row : rows) {
            // A minute bucket counts when it started within the window (the first one may reach a minute earlier).
            if (row.timestamp() >= since - 60_000) {
                usage = usage.plus(row);
                blocks += row.numBlocks();
            }
        }
        return new Window(label, usage, blocks, summary(call, Map.of("workspaceId", ws,
                "startDate", now.minus(length).toString(), "endDate", now.toString())));
    }

    static RequestSummary summary(ConsoleCall call, Map<String, String> filters) {
        return call.api().read("/aistats/requests/summary", filters).as(RequestSummary.class);
    }

    /** The workspace's newest request within the usage events kept, if any. */
    static Optional<RequestEntry> newestRequest(ConsoleCall call, String ws, Instant now) {
        return call.api().read("/aistats/requests", Map.of("workspaceId", ws, "take", "1",
                "startDate", now.minus(EVER).toString(), "endDate", now.toString()))
                .list("requests", RequestEntry.class).stream().findFirst();
    }
}
