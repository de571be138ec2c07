package io.gatehouse.platform.dashboard;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PrivatePostgres;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.gatehouse.testing.PlatformCalls.aiLlm;
import static io.gatehouse.testing.PlatformCalls.policy;
import static io.gatehouse.testing.PlatformCalls.repo;
import static io.gatehouse.testing.PlatformCalls.repoKey;
import static io.gatehouse.testing.PlatformCalls.workspace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboards' latency on a store holding 10 million usage events ({@code ./mvnw -Pdashboards-10m test}; not part
 * of the default build). A private PostgreSQL gets a real organization made through the API (4 workspaces, 8
 * configurations, 20 repositories, 60 keys, 20 private-chat conversations, 10 policies), then, by SQL alone, 10 million
 * usage events over the last 7 days (what the store holds at the default event retention: about 16 requests a second)
 * and their hour and day roll-ups (not the minute one, which no dashboard reads and which took longer to generate than
 * everything else), plus day roll-ups for the 358 days before at the same daily rate (history
 * whose events retention has deleted), and per-rule roll-ups for the violations among them. One request in five names
 * an end user (40 of them) and a conversation (one per key and about an hour: some 2,000 a day), rolled up per
 * conversation by hour and day like the others; the history repeats the newest whole day's conversations under new
 * ids every day. Each endpoint is then
 * asked over HTTP for the organization (the widest scope) and one repository, in each window; the medians must stay
 * under 50 ms. The figures go to {@code target/dashboards-10m.md} (recorded in docs/performance.md).
 */
@Tag("dashboards-10m")
class DashboardLatencyTest {
    static final long EVENTS = Long.getLong("dashboards.events", 10_000_000L);
    static final int RUNS = 21;
    static final long BUDGET_MS = 50;

    static PrivatePostgres pg;
    static TestServer server;
    static Session owner;
    static String someRepo;
    static String someWorkspace;
    static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void generate() throws Exception {
        pg = PrivatePostgres.start();
        String url = pg.createDatabase();
        server = TestServer.start(Map.of("db.url", url, "db.user", "postgres"));
        owner = server.owner();
        Api api = owner.api();
        for (int w = 0; w < 4; w++) {
            String ws = workspace(api, "load-ws-" + w);
            String openai = aiLlm(api, ws, "openai-" + w, "OPENAI", null, "sk-load-openai-0123456789-" + w);
            String anthropic = aiLlm(api, ws, "anthropic-" + w, "ANTHROPIC", null, "sk-ant-load-0123456789-" + w);
            for (int r = 0; r < 5; r++) {
                String repo = repo(api, ws, "load-repo-" + w + "-" + r, openai, anthropic);
                for (int k = 0; k < 3; k++) {
                    repoKey(api, repo, "load-key-" + k);
                }
                HttpResult chat = api.post("/conversation", Map.of("repoId", repo));
                assertThat(chat.status()).as(chat.toString()).isEqualTo(200);
                someRepo = repo;
            }
            someWorkspace = ws;
            for (int p = 0; p < 2; p++) {
                policy(api, ws, null, "load-policy-" + w + "-" + p, "Never send secret number " + p, "MEDIUM", 1);
            }
        }
        policy(api, null, null, "load-org-policy-a", "Never send passwords", "HIGH", 1);
        policy(api, null, null, "load-org-policy-b", "Never send card numbers", "LOW", 0);

        long started = System.nanoTime();
        try (Connection c = pg.connect(url.substring(url.lastIndexOf('/') + 1)); Statement s = c.createStatement()) {
            for (String sql : generator(owner.orgId())) {
                s.execute(sql);
            }
        }
        report.add("Generated " + EVENTS + " usage events and their roll-ups in " + (System.nanoTime() - started) / 1_000_000_000 + " s.");
    }

    /** The store's contents, by SQL alone: set-based, so ten million rows take minutes, not hours. */
    static List<String> generator(String orgId) {
        String org = "'" + orgId + "'";
        return List.of(
                // The roll-ups group ten million rows: in memory, not in sorts spilled to disk.
                "SET work_mem = '256MB'",
                // Every key with its repository's two configurations; events pick one by event number.
                """
                CREATE TEMP TABLE gen_key AS
                SELECT (ROW_NUMBER() OVER (ORDER BY k.id)) - 1 AS n, k.id AS key_id, r.id AS repo_id,
                    r.workspace_id, MIN(a.id) FILTER (WHERE a.ai_type = 'OPENAI') AS openai,
                    MIN(a.id) FILTER (WHERE a.ai_type = 'ANTHROPIC') AS anthropic
                FROM repo_ai_key k JOIN repo r ON r.id = k.repo_id
                JOIN repo_ai_llm ra ON ra.repo_id = r.id JOIN ai_llm a ON a.id = ra.ai_llm_id
                GROUP BY k.id, r.id, r.workspace_id""",
                """
                CREATE TEMP TABLE gen_rule AS
                SELECT (ROW_NUMBER() OVER (ORDER BY id)) - 1 AS n, id AS policy_id, risk_type FROM policy""",
                "INSERT INTO usage_event (ts, org_id, workspace_id, repo_id, ai_llm_id, api_key_id, llm_type, llm_model, host,"
                        + " tokens_in, tokens_out, llm_tokens_in, llm_tokens_out, status, outcome, streamed, latency_ms,"
                        + " policy_violations, alerts, blocks, severity_low, severity_medium, severity_high, cost_micros,"
                        + " user_id, conversation_id)"
                        + " SELECT date_trunc('second', now()) - (g * 604800.0 / " + EVENTS + ") * INTERVAL '1 second', " + org + ","
                        + " k.workspace_id, k.repo_id, CASE WHEN g % 4 < 2 THEN k.openai ELSE k.anthropic END, k.key_id,"
                        + " CASE WHEN g % 4 < 2 THEN 'OPENAI' ELSE 'ANTHROPIC' END,"
                        + " (ARRAY['gpt-4o', 'gpt-4o-mini', 'claude-sonnet', 'claude-haiku'])[1 + g % 4],"
                        + " CASE WHEN g % 4 < 2 THEN 'api.openai.com' ELSE 'api.anthropic.com' END,"
                        + " 200 + g % 1800, 50 + g % 700, CASE WHEN g % 10 = 0 THEN 300 ELSE 0 END,"
                        + " CASE WHEN g % 10 = 0 THEN 20 ELSE 0 END, 200, 'ok', g % 3 = 0, 150 + g % 2000,"
                        + " CASE WHEN g % 50 = 0 THEN 1 ELSE 0 END, CASE WHEN g % 100 = 0 THEN 1 ELSE 0 END,"
                        + " CASE WHEN g % 500 = 0 THEN 1 ELSE 0 END, CASE WHEN g % 150 = 0 THEN 1 ELSE 0 END,"
                        + " CASE WHEN g % 150 = 50 THEN 1 ELSE 0 END, CASE WHEN g % 150 = 100 THEN 1 ELSE 0 END,"
                        + " (200 + g % 1800) * 3,"
                        + " CASE WHEN g % 5 = 0 THEN 'user-' || k.n % 40 END,"
                        + " CASE WHEN g % 5 = 0 THEN 'conv-' || k.n || '-' || g / 56000 END"
                        + " FROM generate_series(0, " + (EVENTS - 1) + ") g"
                        + " JOIN gen_key k ON k.n = (g / 7) % (SELECT COUNT(*) FROM gen_key)",
                rollup("usage_hour", "hour", ""),
                rollup("usage_day", "day", ""),
                rollup("usage_conversation_hour", "hour", ATTRIBUTION),
                rollup("usage_conversation_day", "day", ATTRIBUTION),
                // A year of history before the events: each combination's daily average of the week, every day.
                "INSERT INTO usage_day SELECT d.day, u.org_id, u.workspace_id, u.repo_id, u.ai_llm_id, u.api_key_id,"
                        + " u.llm_type, u.llm_model, u.host, " + sums("u.", "/ 7") + " FROM (SELECT org_id, workspace_id, repo_id,"
                        + " ai_llm_id, api_key_id, llm_type, llm_model, host, " + sums("", "") + " FROM usage_day"
                        + " GROUP BY org_id, workspace_id, repo_id, ai_llm_id, api_key_id, llm_type, llm_model, host) u"
                        + " CROSS JOIN generate_series(date_trunc('day', now()) - INTERVAL '365 days',"
                        + " date_trunc('day', now()) - INTERVAL '8 days', INTERVAL '1 day') AS d(day)",
                // The newest whole day's conversations again on each day of the year before, under that day's ids.
                "INSERT INTO usage_conversation_day SELECT d.day, u.org_id, u.workspace_id, u.repo_id, u.ai_llm_id,"
                        + " u.api_key_id, u.llm_type, u.llm_model, u.host, u.user_id,"
                        + " u.conversation_id || '-' || to_char(d.day, 'YYYYMMDD'), " + sums("u.", "") + " FROM usage_conversation_day u"
                        + " CROSS JOIN generate_series(date_trunc('day', now()) - INTERVAL '365 days',"
                        + " date_trunc('day', now()) - INTERVAL '8 days', INTERVAL '1 day') AS d(day)"
                        + " WHERE u.bucket_start = date_trunc('day', now()) - INTERVAL '1 day'",
                ruleRollup("policy_rule_hour", "hour"),
                ruleRollup("policy_rule_day", "day"),
                "INSERT INTO policy_rule_day SELECT d.day, r.org_id, r.workspace_id, r.repo_id, r.api_key_id, r.policy_id,"
                        + " r.v / 7, r.a / 7, r.b / 7, r.l / 7, r.m / 7, r.h / 7 FROM (SELECT org_id, workspace_id, repo_id,"
                        + " api_key_id, policy_id, SUM(violations) v, SUM(alerts) a, SUM(blocks) b, SUM(severity_low) l,"
                        + " SUM(severity_medium) m, SUM(severity_high) h FROM policy_rule_day"
                        + " GROUP BY org_id, workspace_id, repo_id, api_key_id, policy_id) r"
                        + " CROSS JOIN generate_series(date_trunc('day', now()) - INTERVAL '365 days',"
                        + " date_trunc('day', now()) - INTERVAL '8 days', INTERVAL '1 day') AS d(day)",
                // What autovacuum would have done by now.
                "VACUUM ANALYZE");
    }

    static final List<String> COUNTERS = List.of("api_calls", "tokens_in", "tokens_out", "llm_tokens_in", "llm_tokens_out",
            "policy_violations", "alerts", "blocks", "severity_low", "severity_medium", "severity_high", "latency_ms_sum",
            "cached_tokens", "cache_write_tokens", "cost_micros", "unpriced_calls");

    static String sums(String prefix, String scale) {
        return String.join(", ", COUNTERS.stream().map(c -> prefix.isEmpty() ? "SUM(" + c + ") AS " + c : prefix + c + " " + scale).toList());
    }

    /** The attribution dimensions of the conversation roll-up, and the requests it counts. */
    static final String ATTRIBUTION = "user_id, conversation_id";

    /** The events' roll-up into {@code table}, by the usage dimensions and, when given, the attribution ones. */
    static String rollup(String table, String unit, String attribution) {
        String dims = "org_id, workspace_id, repo_id, ai_llm_id, api_key_id, llm_type, llm_model, host"
                + (attribution.isEmpty() ? "" : ", " + attribution);
        String stored = attribution.isEmpty() ? "" : ", COALESCE(user_id, ''), COALESCE(conversation_id, '')";
        return "INSERT INTO " + table + " SELECT date_trunc('" + unit + "', ts), org_id, workspace_id, repo_id, ai_llm_id,"
                + " api_key_id, llm_type, llm_model, host" + stored + ", COUNT(*), SUM(tokens_in), SUM(tokens_out), SUM(llm_tokens_in),"
                + " SUM(llm_tokens_out), SUM(policy_violations), SUM(alerts), SUM(blocks), SUM(severity_low),"
                + " SUM(severity_medium), SUM(severity_high), SUM(latency_ms), 0, 0, SUM(cost_micros), 0"
                + " FROM usage_event WHERE ts >= now() - INTERVAL '8 days'"
                + (attribution.isEmpty() ? "" : " AND (user_id IS NOT NULL OR conversation_id IS NOT NULL)")
                + " GROUP BY 1, " + dims;
    }

    /** Each violating event's violation goes to one of the ten rules, by event id. */
    static String ruleRollup(String table, String unit) {
        return "INSERT INTO " + table + " SELECT date_trunc('" + unit + "', e.ts), e.org_id, e.workspace_id, e.repo_id,"
                + " e.api_key_id, r.policy_id, COUNT(*), SUM(e.alerts), SUM(e.blocks),"
                + " SUM(CASE WHEN r.risk_type = 'LOW' THEN 1 ELSE 0 END), SUM(CASE WHEN r.risk_type = 'MEDIUM' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN r.risk_type = 'HIGH' THEN 1 ELSE 0 END)"
                + " FROM usage_event e JOIN gen_rule r ON r.n = e.id % (SELECT COUNT(*) FROM gen_rule)"
                + " WHERE e.policy_violations > 0 GROUP BY 1, e.org_id, e.workspace_id, e.repo_id, e.api_key_id, r.policy_id";
    }

    @AfterAll
    static void stop() throws IOException {
        Path out = Path.of("target", "dashboards-10m.md");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        report.forEach(System.out::println);
        if (server != null) {
            server.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void everyEndpointAnswersWithinBudget() {
        List<String> endpoints = List.of("/v2/stats/ai", "/v2/stats/ai/breakdown/workspaces", "/v2/stats/ai/breakdown/repos",
                "/v2/stats/ai/breakdown/models", "/v2/stats/ai/breakdown/providers", "/v2/stats/ai/breakdown/aiConfigs",
                "/v2/stats/ai/breakdown/users", "/v2/stats/ai/breakdown/conversations",
                "/v2/stats/policies", "/v2/stats/policies/tokens", "/v2/stats/policies/breakdown/rules",
                "/v2/stats/private-chat", "/v2/stats/private-chat/breakdown/models", "/v2/stats/private-chat/breakdown/users");
        List<String> windows = List.of("24h", "7d", "30d", "365d");
        List<String> slow = new ArrayList<>();
        report.add("");
        report.add("| endpoint | scope | " + String.join(" | ", windows.stream().map(w -> w + " p50 / p95 ms").toList()) + " |");
        report.add("|---|---|" + "---|".repeat(windows.size()));
        for (String endpoint : endpoints) {
            for (String scope : List.of("scope=org", "scope=repo&id=" + someRepo)) {
                StringBuilder row = new StringBuilder("| `" + endpoint + "` | " + scope.replaceAll("&id=.*", "") + " |");
                for (String window : windows) {
                    String path = endpoint + "?" + scope + "&window=" + window
                            + (endpoint.contains("breakdown") ? "&includeSeries=true" : "");
                    double[] ms = measure(path);
                    row.append(String.format(" %.1f / %.1f |", ms[0], ms[1]));
                    if (ms[0] >= BUDGET_MS) {
                        slow.add(path + " p50 " + ms[0] + " ms");
                    }
                }
                report.add(row.toString());
            }
        }
        assertThat(slow).as("endpoints over " + BUDGET_MS + " ms (median)").isEmpty();
    }

    /** Median and 95th percentile of {@link #RUNS} answers after three to warm up, in milliseconds. */
    static double[] measure(String path) {
        Api api = owner.api();
        double[] ms = new double[RUNS];
        for (int i = -3; i < RUNS; i++) {
            long t = System.nanoTime();
            HttpResult r = api.get(path);
            long elapsed = System.nanoTime() - t;
            assertThat(r.status()).as(path + " " + r).isEqualTo(200);
            if (i >= 0) {
                ms[i] = elapsed / 1e6;
            }
        }
        Arrays.sort(ms);
        return new double[] {ms[RUNS / 2], ms[(int) Math.ceil(RUNS * 0.95) - 1]};
    }
}
