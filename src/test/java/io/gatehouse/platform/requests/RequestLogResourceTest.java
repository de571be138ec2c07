package io.gatehouse.platform.requests;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.Contract;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import io.gatehouse.testing.Usage;
import io.gatehouse.usage.UsageRecord;
import io.gatehouse.usage.UsageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatehouse.testing.PlatformCalls.aiLlm;
import static io.gatehouse.testing.PlatformCalls.member;
import static io.gatehouse.testing.PlatformCalls.repo;
import static io.gatehouse.testing.PlatformCalls.repoKey;
import static io.gatehouse.testing.PlatformCalls.workspace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /aistats/requests} (the request log) and {@code /aistats/requests/summary} over usage events: newest first,
 * paged, filtered, limited to what the caller may see, and every answer in the shape {@code openapi.yaml} documents
 * ({@code contract/gatehouse/*.json}).
 */
@Tag("db")
class RequestLogResourceTest {
    static final Instant T = Instant.parse("2026-01-15T10:00:00Z");
    static final String RANGE = "startDate=2026-01-15T09:00:00Z&endDate=2026-01-15T11:00:00Z";

    static TestServer server;
    static Session owner;
    static Session readerOfA;
    static Session otherTenant;
    static String wsA;
    static String repoA;
    static String repoB;
    static String keyA;
    static String keyA2;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("stats.requests.sample", "4"));
        owner = server.owner();
        Api api = owner.api();
        wsA = workspace(api, "log-a");
        String wsB = workspace(api, "log-b");
        String llmA = aiLlm(api, wsA, "openai-a", "OPENAI", null, "sk-log-a-0123456789");
        String llmB = aiLlm(api, wsB, "openai-b", "OPENAI", null, "sk-log-b-0123456789");
        repoA = repo(api, wsA, "repo-a", llmA);
        repoB = repo(api, wsB, "repo-b", llmB);
        keyA = repoKey(api, repoA, "key-a").text("id");
        keyA2 = repoKey(api, repoA, "key-a2").text("id");
        String keyB = repoKey(api, repoB, "key-b").text("id");
        readerOfA = server.createUser(owner, 0);
        member(api, wsA, readerOfA.userId(), "READ");
        otherTenant = server.registerOrganization("Log Other");

        String org = owner.orgId();
        List<UsageRecord> usage = new ArrayList<>();
        usage.add(Usage.at(T.plusSeconds(1)).org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o", "api.openai.com")
                .latency(100).cost(0, 0, 1500L, "v1").requestId("req-1").build());
        usage.add(Usage.at(T.plusSeconds(2)).org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o", "api.openai.com")
                .latency(200).ended(502, "upstream_error").requestId("req-2").build());
        usage.add(Usage.at(T.plusSeconds(3)).org(org, wsA).dims(repoA, llmA, keyA2).model("OPENAI", "gpt-4o-mini", "api.openai.com")
                .latency(300).policy(1, 0, 1, 0, 0, 1).cost(0, 0, null, null).requestId("req-3").build());
        usage.add(Usage.at(T.plusSeconds(4)).org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o", "api.openai.com")
                .latency(400).ended(429, "limited").requestId("req-4").build());
        usage.add(Usage.at(T.plusSeconds(5)).org(org, wsB).dims(repoB, llmB, keyB).model("OPENAI", "gpt-4o", "api.openai.com")
                .latency(1000).requestId("req-b").build());
        // Outside the range.
        usage.add(Usage.at(T.minusSeconds(7200)).org(org, wsA).dims(repoA, llmA, keyA).requestId("req-old").build());
        new UsageStore(server.node().database().jdbi()).write(usage);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> ids(HttpResult answer) {
        List<String> ids = new ArrayList<>();
        answer.json().path("requests").forEach(r -> ids.add(r.path("requestId").asText()));
        return ids;
    }

    @Test
    void theLogIsNewestFirstWithWhatEachRequestDidAndNoBodies() {
        HttpResult answer = owner.api().get("/aistats/requests?" + RANGE);
        assertThat(answer.status()).isEqualTo(200);
        Contract.check(answer, "gatehouse/RequestLogResponse.json");
        assertThat(ids(answer)).containsExactly("req-b", "req-4", "req-3", "req-2", "req-1");
        JsonNode blocked = answer.json().path("requests").get(2);
        assertThat(blocked.path("status").asInt()).isEqualTo(403);
        assertThat(blocked.path("outcome").asText()).isEqualTo("blocked");
        assertThat(blocked.path("blocks").asInt()).isEqualTo(1);
        assertThat(blocked.path("cost").isNull()).isTrue();
        JsonNode first = answer.json().path("requests").get(4);
        assertThat(first.path("cost").asText()).isEqualTo("0.001500");
        assertThat(first.path("repoAiApiKeyId").asText()).isEqualTo(keyA);
        assertThat(first.path("latencyMs").asLong()).isEqualTo(100);
        assertThat(first.path("timestamp").asText()).isEqualTo("2026-01-15T10:00:01Z");
        assertThat(answer.json().path("hasMore").asBoolean()).isFalse();
    }

    @Test
    void pagesSayWhetherMoreFollow() {
        HttpResult first = owner.api().get("/aistats/requests?" + RANGE + "&take=2");
        assertThat(ids(first)).containsExactly("req-b", "req-4");
        assertThat(first.json().path("hasMore").asBoolean()).isTrue();
        HttpResult last = owner.api().get("/aistats/requests?" + RANGE + "&take=2&skip=4");
        assertThat(ids(last)).containsExactly("req-1");
        assertThat(last.json().path("hasMore").asBoolean()).isFalse();
    }

    @Test
    void filtersNarrow() {
        String log = "/aistats/requests?" + RANGE;
        assertThat(ids(owner.api().get(log + "&workspaceId=" + wsA + "&repoAiApiKeyId=" + keyA))).containsExactly("req-4", "req-2", "req-1");
        assertThat(ids(owner.api().get(log + "&llmModel=gpt-4o-mini"))).containsExactly("req-3");
        assertThat(ids(owner.api().get(log + "&status=5xx"))).containsExactly("req-2");
        assertThat(ids(owner.api().get(log + "&status=429"))).containsExactly("req-4");
        assertThat(ids(owner.api().get(log + "&outcome=blocked"))).containsExactly("req-3");
        assertThat(ids(owner.api().get(log + "&requestId=req-2"))).containsExactly("req-2");
        assertThat(ids(owner.api().get(log + "&repoId=" + repoB))).containsExactly("req-b");
        // Without dates: the last 24 hours, which hold none of these.
        assertThat(ids(owner.api().get("/aistats/requests"))).isEmpty();
    }

    @Test
    void callersSeeOnlyTheirWorkspacesAndOrganization() {
        assertThat(ids(readerOfA.api().get("/aistats/requests?" + RANGE))).containsExactly("req-4", "req-3", "req-2", "req-1");
        assertThat(ids(readerOfA.api().get("/aistats/requests?" + RANGE + "&repoId=" + repoB))).isEmpty();
        assertThat(ids(otherTenant.api().get("/aistats/requests?" + RANGE))).isEmpty();
        assertThat(otherTenant.api().get("/aistats/requests/summary?" + RANGE).json().path("requests").asInt()).isZero();
    }

    @Test
    void theSummaryGivesPercentilesAndBreakdownsOfTheNewestRequests() {
        HttpResult summary = owner.api().get("/aistats/requests/summary?" + RANGE + "&workspaceId=" + wsA);
        assertThat(summary.status()).isEqualTo(200);
        Contract.check(summary, "gatehouse/RequestSummaryResponse.json");
        JsonNode json = summary.json();
        assertThat(json.path("requests").asInt()).isEqualTo(4);
        // Nearest rank over 100, 200, 300, 400 ms.
        assertThat(json.path("latencyMs").path("p50").asLong()).isEqualTo(200);
        assertThat(json.path("latencyMs").path("p95").asLong()).isEqualTo(400);
        assertThat(json.path("statuses").toString()).contains("{\"status\":\"200\",\"count\":1}", "{\"status\":\"403\",\"count\":1}",
                "{\"status\":\"429\",\"count\":1}", "{\"status\":\"502\",\"count\":1}");
        assertThat(json.path("outcomes").toString()).contains("{\"outcome\":\"limited\",\"count\":1}");
        // The sample holds 4 (stats.requests.sample): with req-b the window holds 5, and the newest 4 are read.
        HttpResult all = owner.api().get("/aistats/requests/summary?" + RANGE);
        assertThat(all.json().path("capped").asBoolean()).isTrue();
        assertThat(all.json().path("latencyMs").path("p95").asLong()).isEqualTo(1000);
        assertThat(all.json().path("latencyMs").path("p50").asLong()).isEqualTo(300);
        HttpResult none = owner.api().get("/aistats/requests/summary");
        Contract.check(none, "gatehouse/RequestSummaryResponse.json");
        assertThat(none.json().path("latencyMs").path("p50").isNull()).isTrue();
    }

    @Test
    void badFiltersAreRefusedWithAReason() {
        HttpResult status = owner.api().get("/aistats/requests?status=abc");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().path("success").asBoolean()).isFalse();
        assertThat(status.text("message")).contains("status must be");
        assertThat(owner.api().get("/aistats/requests?skip=10001").status()).isEqualTo(400);
        assertThat(owner.api().get("/aistats/requests?take=101").status()).isEqualTo(400);
        assertThat(owner.api().get("/aistats/requests?repoId=not%20an%20id").status()).isEqualTo(400);
        assertThat(owner.api().get("/aistats/requests?outcome=DROP%20TABLE").status()).isEqualTo(400);
        assertThat(owner.api().get("/aistats/requests?startDate=2026-01-15T11:00:00Z&endDate=2026-01-15T10:00:00Z").status()).isEqualTo(400);
    }
}
