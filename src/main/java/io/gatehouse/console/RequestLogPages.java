package io.gatehouse.console;

import io.gatehouse.console.view.Repo;
import io.gatehouse.console.view.RepoKey;
import io.gatehouse.console.view.RequestEntry;
import io.gatehouse.console.view.RequestPaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request log of a workspace ({@code /ui/w/{ws}/requests}): each gateway request with its key, model, provider,
 * status, latency, tokens, cost, what the policies did and its request id, newest first, {@value #TAKE} a page,
 * filtered by time range, repository, key, model, status, outcome and request id. A plain GET form: it works
 * without JavaScript. From {@code /aistats/requests}, which has no prompt or answer to show.
 */
final class RequestLogPages {
    static final int TAKE = 50;
    static final List<Option> STATUSES = List.of(new Option("2xx", "2xx answered"), new Option("4xx", "4xx refused"),
            new Option("429", "429 limited"), new Option("5xx", "5xx failed"));
    static final List<String> OUTCOMES = List.of("ok", "blocked", "client_error", "limited", "upstream_error",
            "gateway_error", "timeout", "cancelled");
    private static final int KEYS_OF_REPOS = 20;

    void register(ConsoleRoutes routes) {
        routes.page("/ui/w/:ws/requests", this::page);
    }

    private ConsoleReply page(ConsoleCall call) {
        Frame frame = call.frame("usage");
        String ws = frame.workspace().id();
        UsagePages.Range range = UsagePages.Range.of(call.query("range"));
        List<Repo> repos = RepoPages.repos(call, ws);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("range", range.code());
        filters.put("repoId", call.query("repoId"));
        filters.put("repoAiApiKeyId", call.query("repoAiApiKeyId"));
        filters.put("llmModel", call.query("llmModel"));
        filters.put("status", STATUSES.stream().anyMatch(o -> o.value().equals(call.query("status"))) || call.query("status").matches("[1-5][0-9][0-9]")
                ? call.query("status") : "");
        filters.put("outcome", AuditPages.pick(call.query("outcome"), OUTCOMES));
        filters.put("requestId", call.query("requestId"));
        int skip = Integer.parseInt(Pager.skipOf(call));
        Instant end = Instant.now();
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.remove("range");
        query.put("workspaceId", ws);
        query.put("startDate", end.minus(range.length).toString());
        query.put("endDate", end.toString());
        query.put("skip", Integer.toString(skip));
        query.put("take", Integer.toString(TAKE));
        var answer = call.api().get("/aistats/requests", query);
        if (!answer.ok()) {
            // A filter the API refused (a malformed request id): say why on the page rather than failing it.
            return call.page("requests", new Frame(frame.section(), frame.session(), frame.workspaces(), frame.workspace(),
                            frame.notice(), answer.message()), "rows", List.of(), "filters", filters,
                    "repos", repos, "keys", keys(call, repos), "ranges", ranges(), "statuses", STATUSES, "outcomes", OUTCOMES,
                    "paging", new RequestPaging(null, null, 0, 0), "names", Map.of());
        }
        List<RequestEntry> rows = answer.list("requests", RequestEntry.class);
        boolean more = answer.field("hasMore", Boolean.class);
        String path = frame.base() + "/requests";
        RequestPaging paging = new RequestPaging(skip == 0 ? null : link(path, filters, Math.max(0, skip - TAKE)),
                more ? link(path, filters, skip + TAKE) : null, rows.isEmpty() ? 0 : skip + 1, skip + rows.size());
        List<RepoKey> keys = keys(call, repos);
        Map<String, String> names = new HashMap<>();
        keys.forEach(k -> names.put(k.id(), k.name()));
        repos.forEach(r -> names.put(r.id(), r.name()));
        return call.page("requests", frame, "rows", rows, "filters", filters, "repos", repos, "keys", keys,
                "ranges", ranges(), "statuses", STATUSES, "outcomes", OUTCOMES, "paging", paging, "names", names);
    }

    private static List<Option> ranges() {
        return Arrays.stream(UsagePages.Range.values()).map(r -> new Option(r.code(), r.label)).toList();
    }

    /** The keys of the workspace's repositories (of the first twenty), for the key filter and the names in the rows. */
    private static List<RepoKey> keys(ConsoleCall call, List<Repo> repos) {
        List<RepoKey> keys = new ArrayList<>();
        for (Repo repo : repos.subList(0, Math.min(repos.size(), KEYS_OF_REPOS))) {
            keys.addAll(RepoPages.keys(call, repo.id()));
        }
        return keys;
    }

    private static String link(String path, Map<String, String> filters, int skip) {
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("skip", Integer.toString(skip));
        return path + PlatformClient.queryString(query);
    }
}
