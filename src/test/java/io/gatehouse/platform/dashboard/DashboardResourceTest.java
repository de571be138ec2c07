package io.gatehouse.platform.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.policy.PolicyAlert;
import io.gatehouse.policy.PolicyEvent;
import io.gatehouse.policy.PolicyEventStore;
import io.gatehouse.store.Ids;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.Contract;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.MovableClock;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import io.gatehouse.testing.Usage;
import io.gatehouse.usage.UsageRecord;
import io.gatehouse.usage.UsageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatehouse.testing.PlatformCalls.aiLlm;
import static io.gatehouse.testing.PlatformCalls.member;
import static io.gatehouse.testing.PlatformCalls.policy;
import static io.gatehouse.testing.PlatformCalls.repo;
import static io.gatehouse.testing.PlatformCalls.repoKey;
import static io.gatehouse.testing.PlatformCalls.workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code /v2/stats}: a known data set written through the usage recorder's and the policy event store's own writers
 * (so the roll-ups are the real ones), read back over HTTP and compared with figures worked out by hand.
 */
@Tag("db")
class DashboardResourceTest {
    /** Now: the 24h window's hour buckets run from 2026-03-09T13:00 to 2026-03-10T12:00. */
    static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");

    /** Set up (sessions, the conversation) at the real time, which signed tokens are checked against; then NOW. */
    static final MovableClock CLOCK = new MovableClock(Instant.now());
    static final Instant SET_UP = CLOCK.instant();

    static TestServer server;
    static Session owner;
    static Session readerOfA;
    static Session otherTenant;
    static String wsA;
    static String wsB;
    static String llmA;
    static String llmB;
    static String repoA;
    static String repoB;
    static String keyA;
    static String keyB;
    static String chatKey;
    static String ruleA;
    static String ruleB;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of(), CLOCK);
        owner = server.owner();
        Api api = owner.api();
        wsA = workspace(api, "dash-a");
        wsB = workspace(api, "dash-b");
        llmA = aiLlm(api, wsA, "openai-a", "OPENAI", null, "sk-dash-a-0123456789");
        llmB = aiLlm(api, wsB, "anthropic-b", "ANTHROPIC", null, "sk-ant-dash-b-0123456789");
        repoA = repo(api, wsA, "repo-a", llmA);
        repoB = repo(api, wsB, "repo-b", llmB);
        keyA = repoKey(api, repoA, "key-a").text("id");
        keyB = repoKey(api, repoB, "key-b").text("id");
        readerOfA = server.createUser(owner, 0);
        member(api, wsA, readerOfA.userId(), "READ");
        otherTenant = server.registerOrganization("Dashboards Other");
        ruleA = policy(api, wsA, null, "no-secrets-a", "Never send secrets", "LOW", 1);
        ruleB = policy(api, wsB, null, "no-pii-b", "Never send personal data", "HIGH", 1);

        HttpResult conversation = api.post("/conversation", Map.of("repoId", repoA));
        assertThat(conversation.status()).as(conversation.toString()).isEqualTo(200);
        chatKey = keyOf(conversation.text("conversationId"));

        readerOfA.api().get("/user/profile");
        otherTenant.api().get("/user/profile");
        CLOCK.set(NOW);

        String org = owner.orgId();
        List<UsageRecord> usage = new ArrayList<>();
        usage.add(Usage.at("2026-03-10T12:10:00Z").org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o", "api.openai.com")
                .tokens(100, 200).judgeTokens(5, 6).latency(100).cost(0, 0, 2_500L, "test").attributed(null, "conv-2").build());
        usage.add(Usage.at("2026-03-10T12:20:00Z").org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o", "api.openai.com")
                .tokens(1, 2).latency(300).policy(1, 1, 0, 1, 0, 0).attributed("ext-user-7", null).build());
        // conv-1 again, an hour after its request in workspace B: one conversation in the 6h bucket, one in each hour.
        usage.add(Usage.at("2026-03-10T11:05:00Z").org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o-mini", "api.openai.com")
                .tokens(7, 8).latency(50).attributed(null, "conv-1").build());
        usage.add(Usage.at("2026-03-10T10:00:00Z").org(org, wsB).dims(repoB, llmB, keyB).model("ANTHROPIC", "claude-x", "api.anthropic.com")
                .tokens(50, 0).policy(1, 1, 1, 0, 0, 1).attributed(owner.userId(), "conv-1").build());
        // A minute before the 24h window; in the 7d one.
        usage.add(Usage.at("2026-03-09T12:59:00Z").org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o", "api.openai.com")
                .tokens(1000, 2000).build());
        // Only in the 90d window and longer.
        usage.add(Usage.at("2026-01-15T08:00:00Z").org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o", "api.openai.com")
                .tokens(9, 9).build());
        // Private chat: the conversation's key.
        usage.add(Usage.at("2026-03-10T12:15:00Z").org(org, wsA).dims(repoA, llmA, chatKey).model("OPENAI", "gpt-4o", "api.openai.com")
                .tokens(30, 40).attributed(null, "chat-1").build());
        usage.add(Usage.at("2026-03-10T09:00:00Z").org(org, wsA).dims(repoA, llmA, chatKey).model("OPENAI", "gpt-4o-mini", "api.openai.com")
                .tokens(3, 4).build());
        // Another tenant, same hour.
        usage.add(Usage.at("2026-03-10T12:10:00Z").org(otherTenant.orgId(), server.defaultWorkspace(otherTenant))
                .dims("r", "l", "k").model("OPENAI", "gpt-4o", "api.openai.com").tokens(9, 9).build());
        new UsageStore(server.node().database().jdbi()).write(usage);

        new PolicyEventStore(server.node().database().jdbi(), List.of()).write(List.of(
                violation(ruleA, "no-secrets-a", wsA, repoA, keyA, "2026-03-10T12:20:00Z", "LOW", false, true),
                violation(ruleA, "no-secrets-a", wsA, repoA, keyA, "2026-03-10T12:25:00Z", "LOW", false, false),
                violation(ruleB, "no-pii-b", wsB, repoB, keyB, "2026-03-10T10:00:00Z", "HIGH", true, true)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PolicyEvent violation(String policyId, String name, String workspaceId, String repoId, String keyId, String at,
                                 String severity, boolean block, boolean alert) {
        Instant ts = Instant.parse(at);
        PolicyAlert a = alert ? new PolicyAlert(Ids.newId(), owner.orgId(), workspaceId, policyId, name, ts, "alert", "req",
                null, null, repoId, "repo", keyId, "key", "OPENAI", "gpt-4o", "api.openai.com", "INPUT", 1) : null;
        return new PolicyEvent(Ids.newId(), owner.orgId(), workspaceId, policyId, name, ts, "found", "req", null, null, repoId, "repo",
                keyId, "key", severity, block, block ? 2 : 1, "OPENAI", "gpt-4o", "api.openai.com", "INPUT", "detector", 0, a);
    }

    static String keyOf(String conversationId) throws Exception {
        try (Connection c = server.database().connect();
             PreparedStatement s = c.prepareStatement("SELECT key_id FROM conversation WHERE id = ?")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    static JsonNode ok(Api api, String path, String schema) {
        HttpResult r = api.get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Contract.check(r, schema);
        return r.json();
    }

    static JsonNode bucket(JsonNode answer, String start) {
        long ts = Instant.parse(start).toEpochMilli();
        for (JsonNode point : answer.path("series")) {
            if (point.path("ts").asLong() == ts) {
                return point;
            }
        }
        throw new AssertionError("no bucket " + start + " in " + answer);
    }

    @Test
    void aiSeriesHasEveryHourOfTheDayAndTheSummaryOverRequests() {
        JsonNode answer = ok(owner.api(), "/v2/stats/ai?scope=org&window=24h", "dashboard/AiGatewayTimeSeriesResponse.json");
        JsonNode meta = answer.path("meta");
        assertThat(meta.path("start").asLong()).isEqualTo(Instant.parse("2026-03-09T13:00:00Z").toEpochMilli());
        assertThat(meta.path("end").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(meta.path("scope").asText()).isEqualTo("org");
        assertThat(meta.path("scopeId").asText()).isEqualTo(owner.orgId());
        assertThat(meta.path("window").asText()).isEqualTo("24h");
        assertThat(meta.path("timeBucketSize").asText()).isEqualTo("1h");
        assertThat(meta.has("resourceFilter")).isFalse();

        JsonNode series = answer.path("series");
        assertThat(series).hasSize(24);
        assertThat(series.get(0).path("ts").asLong()).isEqualTo(meta.path("start").asLong());
        assertThat(series.get(23).path("ts").asLong()).isEqualTo(Instant.parse("2026-03-10T12:00:00Z").toEpochMilli());
        JsonNode noon = bucket(answer, "2026-03-10T12:00:00Z");
        // Private chat's 30/40 tokens in the same hour are not the AI gateway's.
        assertThat(noon.path("requests").asLong()).isEqualTo(2);
        assertThat(noon.path("tokensIn").asLong()).isEqualTo(101);
        assertThat(noon.path("tokensOut").asLong()).isEqualTo(202);
        assertThat(noon.path("policyTokensIn").asLong()).isEqualTo(5);
        assertThat(noon.path("policyTokensOut").asLong()).isEqualTo(6);
        assertThat(noon.path("latencyMs").asLong()).as("(100 + 300) / 2").isEqualTo(200);
        assertThat(noon.path("activeConversations").asLong()).as("conv-2; private chat's chat-1 is not the gateway's").isEqualTo(1);
        assertThat(noon.path("cost").decimalValue()).isEqualByComparingTo("0.0025");
        assertThat(bucket(answer, "2026-03-10T10:00:00Z").path("activeConversations").asLong()).isEqualTo(1);
        assertThat(bucket(answer, "2026-03-10T11:00:00Z").path("activeConversations").asLong()).isEqualTo(1);
        assertThat(bucket(answer, "2026-03-10T09:00:00Z").path("requests").asLong()).as("private chat only").isZero();

        // Requests per hour: 21 zeros, then 1 (10:00), 1 (11:00), 2 (12:00). Mean 1/6; variance
        // (21·(1/6)² + 2·(5/6)² + (11/6)²) / 24 = (192/36) / 24 = 2/9; p90 at rank 0.9·23 = 20.7 between 0 and 1.
        JsonNode summary = answer.path("summary");
        assertThat(summary.path("total").asDouble()).isEqualTo(4);
        assertThat(summary.path("avg").asDouble()).isCloseTo(1.0 / 6, within(1e-6));
        assertThat(summary.path("stdDev").asDouble()).isCloseTo(Math.sqrt(2.0 / 9), within(1e-6));
        assertThat(summary.path("min").asDouble()).isZero();
        assertThat(summary.path("max").asDouble()).isEqualTo(2);
        assertThat(summary.path("p10").asDouble()).isZero();
        assertThat(summary.path("p50").asDouble()).isZero();
        assertThat(summary.path("p90").asDouble()).isCloseTo(0.7, within(1e-6));
        assertThat(answer.toString()).doesNotContain(otherTenant.orgId());
    }

    @Test
    void longerWindowsHaveCoarserBucketsFromTheirRollups() {
        JsonNode week = ok(owner.api(), "/v2/stats/ai?scope=org&window=7d", "dashboard/AiGatewayTimeSeriesResponse.json");
        assertThat(week.path("meta").path("timeBucketSize").asText()).isEqualTo("6h");
        assertThat(week.path("series")).hasSize(28);
        assertThat(week.path("meta").path("start").asLong()).isEqualTo(Instant.parse("2026-03-03T18:00:00Z").toEpochMilli());
        assertThat(bucket(week, "2026-03-09T12:00:00Z").path("tokensIn").asLong()).isEqualTo(1000);
        assertThat(bucket(week, "2026-03-10T06:00:00Z").path("requests").asLong()).as("10:00 and 11:05").isEqualTo(2);
        assertThat(bucket(week, "2026-03-10T06:00:00Z").path("activeConversations").asLong())
                .as("conv-1 in two of the six hours counts once").isEqualTo(1);
        assertThat(bucket(week, "2026-03-10T12:00:00Z").path("activeConversations").asLong()).isEqualTo(1);
        assertThat(bucket(week, "2026-03-09T12:00:00Z").path("activeConversations").asLong()).isZero();
        assertThat(bucket(week, "2026-03-10T12:00:00Z").path("requests").asLong()).as("12:10 and 12:20").isEqualTo(2);
        assertThat(week.path("summary").path("total").asLong()).isEqualTo(5);

        JsonNode month = ok(owner.api(), "/v2/stats/ai?scope=org&window=30d", "dashboard/AiGatewayTimeSeriesResponse.json");
        assertThat(month.path("meta").path("timeBucketSize").asText()).isEqualTo("1d");
        assertThat(month.path("series")).hasSize(30);
        assertThat(month.path("summary").path("total").asLong()).isEqualTo(5);
        assertThat(bucket(month, "2026-03-10T00:00:00Z").path("activeConversations").asLong()).as("conv-1, conv-2").isEqualTo(2);

        for (String window : List.of("90d", "180d", "365d")) {
            JsonNode longer = ok(owner.api(), "/v2/stats/ai?scope=org&window=" + window, "dashboard/AiGatewayTimeSeriesResponse.json");
            assertThat(longer.path("series")).as(window).hasSize(Integer.parseInt(window.replace("d", "")));
            assertThat(longer.path("summary").path("total").asLong()).as(window).isEqualTo(6);
        }
    }

    @Test
    void scopesAndFiltersNarrowTheSeries() {
        Api api = owner.api();
        assertThat(ok(api, "/v2/stats/ai?scope=workspace&id=" + wsB + "&window=24h", "dashboard/AiGatewayTimeSeriesResponse.json")
                .path("summary").path("total").asLong()).isEqualTo(1);
        JsonNode repo = ok(api, "/v2/stats/ai?scope=repo&id=" + repoA + "&window=24h", "dashboard/AiGatewayTimeSeriesResponse.json");
        assertThat(repo.path("summary").path("total").asLong()).isEqualTo(3);
        assertThat(repo.path("meta").path("scopeId").asText()).isEqualTo(repoA);

        JsonNode model = ok(api, "/v2/stats/ai?scope=org&window=24h&model=gpt-4o", "dashboard/AiGatewayTimeSeriesResponse.json");
        assertThat(model.path("summary").path("total").asLong()).isEqualTo(2);
        assertThat(model.path("meta").path("resourceFilter").path("type").asText()).isEqualTo("model");
        assertThat(model.path("meta").path("resourceFilter").path("id").asText()).isEqualTo("gpt-4o");
        assertThat(ok(api, "/v2/stats/ai?scope=org&window=24h&apiKeyId=" + keyB, "dashboard/AiGatewayTimeSeriesResponse.json")
                .path("summary").path("total").asLong()).isEqualTo(1);

        // Conversations are counted within the scope and filters too.
        JsonNode week = ok(api, "/v2/stats/ai?scope=workspace&id=" + wsA + "&window=7d", "dashboard/AiGatewayTimeSeriesResponse.json");
        assertThat(bucket(week, "2026-03-10T06:00:00Z").path("activeConversations").asLong()).isEqualTo(1);
        JsonNode inB = ok(api, "/v2/stats/ai?scope=workspace&id=" + wsB + "&window=24h", "dashboard/AiGatewayTimeSeriesResponse.json");
        assertThat(bucket(inB, "2026-03-10T11:00:00Z").path("activeConversations").asLong()).as("conv-1 at 11:05 was in A").isZero();
        assertThat(bucket(inB, "2026-03-10T10:00:00Z").path("activeConversations").asLong()).isEqualTo(1);
        JsonNode mini = ok(api, "/v2/stats/ai?scope=org&window=24h&model=gpt-4o", "dashboard/AiGatewayTimeSeriesResponse.json");
        assertThat(bucket(mini, "2026-03-10T11:00:00Z").path("activeConversations").asLong()).as("gpt-4o-mini's").isZero();
    }

    @Test
    void aMemberSeesItsWorkspacesAndIsRefusedTheRest() {
        Api reader = readerOfA.api();
        assertThat(ok(reader, "/v2/stats/ai?scope=org&window=24h", "dashboard/AiGatewayTimeSeriesResponse.json")
                .path("summary").path("total").asLong()).as("workspace A only").isEqualTo(3);
        assertThat(reader.get("/v2/stats/ai?scope=workspace&id=" + wsB + "&window=24h").status()).isEqualTo(404);
        assertThat(reader.get("/v2/stats/ai?scope=repo&id=" + repoB + "&window=24h").status()).isEqualTo(404);
        JsonNode rules = ok(reader, "/v2/stats/policies/breakdown/rules?window=24h", "dashboard/PolicyBreakdownResponse.json");
        assertThat(rules.path("entities")).hasSize(1);
        assertThat(rules.toString()).doesNotContain(ruleB).doesNotContain(wsB);

        Api stranger = otherTenant.api();
        for (String path : List.of("/v2/stats/ai?scope=workspace&id=" + wsA + "&window=24h",
                "/v2/stats/private-chat?scope=repo&id=" + repoA + "&window=24h",
                "/v2/stats/policies?scope=org&id=" + owner.orgId() + "&window=24h")) {
            HttpResult r = stranger.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.json().path("success").asBoolean()).isFalse();
        }
    }

    @Test
    void policiesCountViolationsAndTheJudgesTokens() {
        JsonNode all = ok(owner.api(), "/v2/stats/policies?scope=org&window=24h", "dashboard/PolicyTimeSeriesResponse.json");
        assertThat(all.path("summary").path("total").asLong()).isEqualTo(2);
        JsonNode noon = bucket(all, "2026-03-10T12:00:00Z");
        assertThat(noon.path("violations").asLong()).isEqualTo(1);
        assertThat(noon.path("alerts").asLong()).isEqualTo(1);
        assertThat(noon.path("severityLow").asLong()).isEqualTo(1);
        assertThat(noon.path("policyTokensIn").asLong()).isEqualTo(5);
        JsonNode ten = bucket(all, "2026-03-10T10:00:00Z");
        assertThat(ten.path("blocks").asLong()).isEqualTo(1);
        assertThat(ten.path("severityHigh").asLong()).isEqualTo(1);

        JsonNode rule = ok(owner.api(), "/v2/stats/policies?scope=org&window=24h&ruleId=" + ruleA, "dashboard/PolicyTimeSeriesResponse.json");
        assertThat(rule.path("meta").path("resourceFilter").path("type").asText()).isEqualTo("rule");
        assertThat(rule.path("summary").path("total").asLong()).isEqualTo(2);
        JsonNode ruleNoon = bucket(rule, "2026-03-10T12:00:00Z");
        assertThat(ruleNoon.path("violations").asLong()).isEqualTo(2);
        assertThat(ruleNoon.path("alerts").asLong()).isEqualTo(1);
        assertThat(ruleNoon.path("severityLow").asLong()).isEqualTo(2);
        assertThat(ruleNoon.path("policyTokensIn").asLong()).as("judge tokens are per request, not per rule").isZero();

        JsonNode tokens = ok(owner.api(), "/v2/stats/policies/tokens?scope=org&window=24h", "dashboard/PolicyTokenTimeSeriesResponse.json");
        assertThat(bucket(tokens, "2026-03-10T12:00:00Z").path("policyTokensOut").asLong()).isEqualTo(6);
        assertThat(tokens.path("summary").path("total").asLong()).as("5 in + 6 out").isEqualTo(11);
    }

    @Test
    void policyBreakdownByRuleNamesTheRulesAndByUserTheEndUsers() {
        JsonNode rules = ok(owner.api(), "/v2/stats/policies/breakdown/rules?window=24h&includeSeries=true",
                "dashboard/PolicyBreakdownResponse.json");
        assertThat(rules.path("summary").path("total").asLong()).isEqualTo(3);
        JsonNode first = rules.path("entities").get(0);
        assertThat(first.path("entityId").asText()).isEqualTo(ruleA);
        assertThat(first.path("entityName").asText()).isEqualTo("no-secrets-a");
        assertThat(first.path("totals").path("violations").asLong()).isEqualTo(2);
        assertThat(first.path("series")).hasSize(24);
        JsonNode second = rules.path("entities").get(1);
        assertThat(second.path("totals").path("blocks").asLong()).isEqualTo(1);
        assertThat(second.path("totals").path("severityHigh").asLong()).isEqualTo(1);

        // By the end user the requests named: a member is named, anyone else is only their id.
        JsonNode users = ok(owner.api(), "/v2/stats/policies/breakdown/users?window=24h&includeSeries=true",
                "dashboard/PolicyBreakdownResponse.json");
        assertThat(users.path("meta").path("totalEntities").asLong()).isEqualTo(2);
        assertThat(users.path("summary").path("total").asLong()).isEqualTo(2);
        JsonNode member = users.path("entities").findParents("entityId").stream()
                .filter(e -> e.path("entityId").asText().equals(owner.userId())).findFirst().orElseThrow();
        assertThat(member.path("entityName").asText()).isNotBlank();
        assertThat(member.path("totals").path("violations").asLong()).isEqualTo(1);
        assertThat(member.path("totals").path("blocks").asLong()).isEqualTo(1);
        assertThat(member.path("totals").path("severityHigh").asLong()).isEqualTo(1);
        assertThat(member.path("series")).hasSize(24);
        JsonNode external = users.path("entities").findParents("entityId").stream()
                .filter(e -> e.path("entityId").asText().equals("ext-user-7")).findFirst().orElseThrow();
        assertThat(external.has("entityName")).isFalse();
        assertThat(external.path("totals").path("alerts").asLong()).isEqualTo(1);
        assertThat(external.path("totals").path("severityLow").asLong()).isEqualTo(1);
        // 30 days and longer read the day roll-up.
        JsonNode month = ok(owner.api(), "/v2/stats/policies/breakdown/users?window=30d",
                "dashboard/PolicyBreakdownResponse.json");
        assertThat(month.path("meta").path("totalEntities").asLong()).isEqualTo(2);
    }

    @Test
    void aiBreakdownsOrderEntitiesByRequestsAndPageThem() {
        Api api = owner.api();
        JsonNode models = ok(api, "/v2/stats/ai/breakdown/models?window=24h", "dashboard/AiGatewayBreakdownResponse.json");
        assertThat(models.path("entities").findValuesAsText("entityId")).containsExactly("gpt-4o", "claude-x", "gpt-4o-mini");
        assertThat(models.path("summary").path("total").asLong()).isEqualTo(4);
        JsonNode meta = models.path("meta");
        assertThat(meta.path("breakdownBy").asText()).isEqualTo("models");
        assertThat(meta.path("totalEntities").asLong()).isEqualTo(3);
        assertThat(meta.path("includesSeries").asBoolean()).isFalse();
        assertThat(meta.path("limit").asLong()).isEqualTo(10);
        assertThat(models.path("entities").get(0).has("series")).isFalse();

        JsonNode page = ok(api, "/v2/stats/ai/breakdown/models?window=24h&limit=1&offset=1&includeSeries=true",
                "dashboard/AiGatewayBreakdownResponse.json");
        assertThat(page.path("entities")).hasSize(1);
        JsonNode claude = page.path("entities").get(0);
        assertThat(claude.path("entityId").asText()).isEqualTo("claude-x");
        assertThat(claude.path("series")).hasSize(24);
        assertThat(bucket(claude, "2026-03-10T10:00:00Z").path("tokensIn").asLong()).isEqualTo(50);

        JsonNode workspaces = ok(api, "/v2/stats/ai/breakdown/workspaces?window=24h", "dashboard/AiGatewayBreakdownResponse.json");
        assertThat(workspaces.path("entities").get(0).path("entityId").asText()).isEqualTo(wsA);
        assertThat(workspaces.path("entities").get(0).path("entityName").asText()).isEqualTo("dash-a");
        assertThat(workspaces.path("entities").get(0).path("totals").path("requests").asLong()).isEqualTo(3);
        JsonNode configs = ok(api, "/v2/stats/ai/breakdown/aiConfigs?window=24h", "dashboard/AiGatewayBreakdownResponse.json");
        assertThat(configs.path("entities").get(1).path("entityName").asText()).isEqualTo("anthropic-b");
        JsonNode providers = ok(api, "/v2/stats/ai/breakdown/providers?window=24h", "dashboard/AiGatewayBreakdownResponse.json");
        assertThat(providers.path("entities").findValuesAsText("entityId")).containsExactly("OPENAI", "ANTHROPIC");
        JsonNode repos = ok(api, "/v2/stats/ai/breakdown/repos?scope=workspace&id=" + wsB + "&window=24h",
                "dashboard/AiGatewayBreakdownResponse.json");
        assertThat(repos.path("entities").findValuesAsText("entityName")).containsExactly("repo-b");
    }

    @Test
    void aiBreakdownsByEndUserAndConversationReadTheConversationRollups() {
        Api api = owner.api();
        JsonNode conversations = ok(api, "/v2/stats/ai/breakdown/conversations?window=24h&includeSeries=true",
                "dashboard/AiGatewayBreakdownResponse.json");
        assertThat(conversations.path("meta").path("breakdownBy").asText()).isEqualTo("conversations");
        assertThat(conversations.path("entities").findValuesAsText("entityId")).as("private chat's chat-1 left out")
                .containsExactly("conv-1", "conv-2");
        JsonNode first = conversations.path("entities").get(0);
        assertThat(first.path("totals").path("requests").asLong()).isEqualTo(2);
        assertThat(first.path("totals").path("tokensIn").asLong()).isEqualTo(57);
        assertThat(first.path("totals").path("activeConversations").asLong()).isEqualTo(1);
        assertThat(bucket(first, "2026-03-10T11:00:00Z").path("activeConversations").asLong()).isEqualTo(1);
        assertThat(bucket(first, "2026-03-10T12:00:00Z").path("activeConversations").asLong()).isZero();
        JsonNode second = conversations.path("entities").get(1);
        assertThat(second.path("totals").path("cost").decimalValue()).isEqualByComparingTo("0.0025");
        assertThat(second.has("entityName")).isFalse();

        JsonNode week = ok(api, "/v2/stats/ai/breakdown/conversations?window=7d&includeSeries=true",
                "dashboard/AiGatewayBreakdownResponse.json");
        assertThat(bucket(week.path("entities").get(0), "2026-03-10T06:00:00Z").path("activeConversations").asLong()).isEqualTo(1);

        JsonNode users = ok(api, "/v2/stats/ai/breakdown/users?window=24h", "dashboard/AiGatewayBreakdownResponse.json");
        assertThat(users.path("entities").findValuesAsText("entityId")).containsExactlyInAnyOrder(owner.userId(), "ext-user-7");
        JsonNode member = users.path("entities").findParents("entityId").stream()
                .filter(e -> e.path("entityId").asText().equals(owner.userId())).findFirst().orElseThrow();
        assertThat(member.path("entityName").asText()).isNotBlank();
        assertThat(member.path("totals").path("tokensIn").asLong()).isEqualTo(50);
        assertThat(member.path("totals").path("activeConversations").asLong()).isEqualTo(1);

        JsonNode models = ok(api, "/v2/stats/ai/breakdown/models?window=24h", "dashboard/AiGatewayBreakdownResponse.json");
        for (JsonNode model : models.path("entities")) {
            assertThat(model.path("totals").path("activeConversations").asLong()).as(model.toString()).isEqualTo(1);
        }
        assertThat(ok(readerOfA.api(), "/v2/stats/ai/breakdown/conversations?window=24h", "dashboard/AiGatewayBreakdownResponse.json")
                .path("entities").get(0).path("totals").path("requests").asLong()).as("workspace A's request of conv-1").isEqualTo(1);
    }

    @Test
    void privateChatIsTheConversationsTraffic() {
        JsonNode chat = ok(owner.api(), "/v2/stats/private-chat?scope=org&window=24h", "dashboard/PrivateChatTimeSeriesResponse.json");
        assertThat(chat.path("summary").path("total").asLong()).isEqualTo(2);
        assertThat(bucket(chat, "2026-03-10T12:00:00Z").path("tokensIn").asLong()).isEqualTo(30);
        assertThat(bucket(chat, "2026-03-10T09:00:00Z").path("tokensOut").asLong()).isEqualTo(4);
        assertThat(ok(owner.api(), "/v2/stats/private-chat?scope=org&window=24h&userId=" + owner.userId(),
                "dashboard/PrivateChatTimeSeriesResponse.json").path("summary").path("total").asLong()).isEqualTo(2);
        assertThat(ok(owner.api(), "/v2/stats/private-chat?scope=org&window=24h&userId=" + readerOfA.userId(),
                "dashboard/PrivateChatTimeSeriesResponse.json").path("summary").path("total").asLong()).isZero();

        JsonNode models = ok(owner.api(), "/v2/stats/private-chat/breakdown/models?window=24h",
                "dashboard/PrivateChatModelBreakdownResponse.json");
        assertThat(models.path("entities").findValuesAsText("entityId")).containsExactly("gpt-4o", "gpt-4o-mini");

        JsonNode users = ok(owner.api(), "/v2/stats/private-chat/breakdown/users?window=24h&includeSeries=true",
                "dashboard/PrivateChatUsersBreakdownResponse.json");
        JsonNode user = users.path("entities").get(0);
        assertThat(user.path("entityId").asText()).isEqualTo(owner.userId());
        assertThat(user.path("totals").path("requests").asLong()).isEqualTo(2);
        assertThat(user.path("totals").path("tokensIn").asLong()).isEqualTo(33);
        assertThat(user.path("totals").path("conversationsCount").asLong()).isEqualTo(1);
        assertThat(user.path("totals").path("lastActiveAt").asLong()).isEqualTo(SET_UP.toEpochMilli());
        assertThat(user.path("series")).hasSize(24);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/stats/ai?scope=org", "/v2/stats/ai?scope=org&window=1h", "/v2/stats/ai?window=24h",
            "/v2/stats/ai?scope=planet&window=24h", "/v2/stats/ai?scope=workspace&window=24h",
            "/v2/stats/ai?scope=org&window=24h&apiKeyId=not%20an%20id", "/v2/stats/policies?scope=org&window=24h&ruleId=x!",
            "/v2/stats/ai/breakdown/models?window=24h&limit=0", "/v2/stats/ai/breakdown/models?window=24h&limit=abc",
            "/v2/stats/ai/breakdown/models?window=24h&offset=-1", "/v2/stats/ai/breakdown/models?window=24h&includeSeries=yes",
            "/v2/stats/ai/breakdown/nodes?window=24h", "/v2/stats/private-chat/breakdown/repos?window=24h"})
    void badParametersAre400WithAMessage(String path) {
        HttpResult r = owner.api().get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("success").asBoolean()).isFalse();
        assertThat(r.text("message")).isNotBlank();
    }
}
