package io.gatehouse.platform.stats;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
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

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.gatehouse.testing.PlatformCalls.aiLlm;
import static io.gatehouse.testing.PlatformCalls.member;
import static io.gatehouse.testing.PlatformCalls.repo;
import static io.gatehouse.testing.PlatformCalls.repoKey;
import static io.gatehouse.testing.PlatformCalls.workspace;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /aistats/minute}, {@code /aistats/daily} and {@code /ai/llm/stats} over usage written to the roll-ups. */
@Tag("db")
class AiStatsResourceTest {
    static final Instant T = Instant.parse("2026-01-15T10:00:00Z");
    static final String RANGE = "startDate=2026-01-15T10:00:00Z&endDate=2026-01-15T10:05:00Z";

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
    static String foreignRepo;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.owner();
        Api api = owner.api();
        wsA = workspace(api, "stats-a");
        wsB = workspace(api, "stats-b");
        llmA = aiLlm(api, wsA, "openai-a", "OPENAI", null, "sk-stats-a-0123456789");
        llmB = aiLlm(api, wsB, "anthropic-b", "ANTHROPIC", null, "sk-ant-stats-b-0123456789");
        repoA = repo(api, wsA, "repo-a", llmA);
        repoB = repo(api, wsB, "repo-b", llmB);
        keyA = repoKey(api, repoA, "key-a").text("id");
        keyB = repoKey(api, repoB, "key-b").text("id");
        readerOfA = server.createUser(owner, 0);
        member(api, wsA, readerOfA.userId(), "READ");

        otherTenant = server.registerOrganization("Stats Other");
        String wsOther = server.defaultWorkspace(otherTenant);
        String llmOther = aiLlm(otherTenant.api(), wsOther, "theirs", "OPENAI", null, "sk-other-0123456789");
        foreignRepo = repo(otherTenant.api(), wsOther, "their-repo", llmOther);

        String org = owner.orgId();
        List<UsageRecord> usage = new ArrayList<>();
        usage.add(Usage.at(T.plusSeconds(10)).org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o", "api.openai.com")
                .tokens(100, 200).judgeTokens(5, 6).latency(100).build());
        usage.add(Usage.at(T.plusSeconds(50)).org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o", "api.openai.com")
                .tokens(1, 2).latency(300).policy(1, 1, 0, 1, 0, 0).build());
        usage.add(Usage.at(T.plusSeconds(70)).org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o-mini", "api.openai.com")
                .tokens(7, 8).build());
        usage.add(Usage.at(T.plusSeconds(20)).org(org, wsB).dims(repoB, llmB, keyB).model("ANTHROPIC", "claude-x", "api.anthropic.com")
                .tokens(50, 0).policy(1, 1, 1, 0, 0, 1).build());
        // Failed before routing: no configuration, type, model or host.
        usage.add(Usage.at(T.plusSeconds(30)).org(org, wsA).dims(repoA, null, keyA).model(null, null, null).tokens(0, 0).build());
        usage.add(Usage.at(T.minus(Duration.ofDays(1))).org(org, wsA).dims(repoA, llmA, keyA).model("OPENAI", "gpt-4o", "api.openai.com")
                .tokens(1000, 2000).build());
        usage.add(Usage.at(T.plusSeconds(10)).org(otherTenant.orgId(), wsOther).dims(foreignRepo, llmOther, null)
                .model("OPENAI", "gpt-4o", "api.openai.com").tokens(9, 9).build());
        var database = server.node().database();
        new UsageStore(database.jdbi()).write(usage);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode data(Api api, String path) {
        HttpResult r = api.get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("success").asBoolean()).isTrue();
        return r.json().path("data");
    }

    @Test
    void minuteRowsHaveTheReferenceShape() {
        JsonNode rows = data(owner.api(), "/aistats/minute?" + RANGE);
        assertThat(rows).hasSize(4);
        JsonNode first = null;
        for (JsonNode row : rows) {
            if ("gpt-4o".equals(row.path("llmModel").asText()) && repoA.equals(row.path("repoId").asText())) {
                first = row;
            }
        }
        assertThat(first).isNotNull();
        assertThat(first.path("timestamp").asLong()).isEqualTo(T.toEpochMilli());
        assertThat(first.path("repoId").asText()).isEqualTo(repoA);
        assertThat(first.path("aiLlmId").asText()).isEqualTo(llmA);
        assertThat(first.path("repoAiApiKeyId").asText()).isEqualTo(keyA);
        assertThat(first.path("tokensIn").isTextual()).isTrue();
        assertThat(first.path("tokensIn").asText()).isEqualTo("101");
        assertThat(first.path("tokensOut").asText()).isEqualTo("202");
        assertThat(first.path("llmTokensIn").asText()).isEqualTo("5");
        assertThat(first.path("llmTokensOut").asText()).isEqualTo("6");
        assertThat(first.path("apiCalls").isNumber()).isTrue();
        assertThat(first.path("apiCalls").asLong()).isEqualTo(2);
        assertThat(first.path("policyViolations").asLong()).isEqualTo(1);
        assertThat(first.path("numAlerts").asLong()).isEqualTo(1);
        assertThat(first.path("numBlocks").asLong()).isZero();
        assertThat(first.path("numSeverityLow").asLong()).isEqualTo(1);
        assertThat(first.path("numSeverityMedium").asLong()).isZero();
        assertThat(first.path("numSeverityHigh").asLong()).isZero();
        assertThat(first.path("latency_ms").asLong()).as("the average of 100 and 300").isEqualTo(200);
        assertThat(first.path("llmType").asText()).isEqualTo("OPENAI");
        assertThat(first.path("host").asText()).isEqualTo("api.openai.com");

        // Oldest bucket first; the request that never reached a configuration has null dimensions.
        assertThat(rows.get(3).path("timestamp").asLong()).isEqualTo(T.plusSeconds(60).toEpochMilli());
        assertThat(rows.get(3).path("llmModel").asText()).isEqualTo("gpt-4o-mini");
        JsonNode unrouted = rows.findParents("aiLlmId").stream().filter(r -> r.path("aiLlmId").isNull()).findFirst().orElseThrow();
        assertThat(unrouted.path("llmType").isNull()).isTrue();
        assertThat(unrouted.path("llmModel").isNull()).isTrue();
        assertThat(unrouted.path("host").isNull()).isTrue();
        assertThat(unrouted.path("apiCalls").asLong()).isEqualTo(1);
        assertThat(rows.toString()).doesNotContain(foreignRepo);
    }

    @Test
    void dailyRowsSumTheDay() {
        JsonNode rows = data(owner.api(), "/aistats/daily?startDate=2026-01-14T00:00:00Z&endDate=2026-01-15T23:59:59Z");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).path("timestamp").asLong()).isEqualTo(Instant.parse("2026-01-14T00:00:00Z").toEpochMilli());
        assertThat(rows.get(0).path("tokensIn").asText()).isEqualTo("1000");
        long dayOfT = T.truncatedTo(ChronoUnit.DAYS).toEpochMilli();
        long calls = 0;
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).path("timestamp").asLong()).isEqualTo(dayOfT);
            calls += rows.get(i).path("apiCalls").asLong();
        }
        assertThat(calls).isEqualTo(5);
        // A start inside a day still covers that whole day's bucket.
        assertThat(data(owner.api(), "/aistats/daily?startDate=2026-01-15T18:00:00Z&endDate=2026-01-15T23:00:00Z")).hasSize(4);
    }

    @Test
    void idFiltersAreAlternativesAndTheOthersNarrow() {
        Api api = owner.api();
        assertThat(data(api, "/aistats/minute?" + RANGE + "&repoId=" + repoA)).hasSize(3);
        assertThat(data(api, "/aistats/minute?" + RANGE + "&repoId=" + repoB + "&aiLlmId=" + llmA)).hasSize(3);
        assertThat(data(api, "/aistats/minute?" + RANGE + "&repoId=" + repoA + "," + repoB)).hasSize(4);
        assertThat(data(api, "/aistats/minute?" + RANGE + "&repoAiApiKeyId=" + keyB)).hasSize(1)
                .allSatisfy(r -> assertThat(r.path("repoId").asText()).isEqualTo(repoB));
        assertThat(data(api, "/aistats/minute?" + RANGE + "&llmModel=gpt-4o,claude-x")).hasSize(2);
        assertThat(data(api, "/aistats/minute?" + RANGE + "&llmType=ANTHROPIC")).hasSize(1);
        assertThat(data(api, "/aistats/minute?" + RANGE + "&hosts=api.openai.com")).hasSize(2);
        assertThat(data(api, "/aistats/minute?" + RANGE + "&repoId=" + repoA + "&llmModel=gpt-4o-mini")).hasSize(1);
        assertThat(data(api, "/aistats/minute?" + RANGE + "&repoId=" + repoB + "&llmModel=gpt-4o-mini")).isEmpty();
        // The range: a start inside a minute covers that minute; the end is inclusive of bucket starts.
        assertThat(data(api, "/aistats/minute?startDate=2026-01-15T10:00:30Z&endDate=2026-01-15T10:00:59Z")).hasSize(3);
        assertThat(data(api, "/aistats/minute?startDate=2026-01-15T10:01:00Z&endDate=2026-01-15T10:01:00Z")).hasSize(1);
        assertThat(data(api, "/aistats/minute?startDate=2026-01-15T11:00:00Z&endDate=2026-01-15T12:00:00Z")).isEmpty();
    }

    @Test
    void callersSeeOnlyTheirWorkspacesAndTheirOrganization() {
        assertThat(data(readerOfA.api(), "/aistats/minute?" + RANGE)).hasSize(3)
                .allSatisfy(r -> assertThat(r.path("repoId").asText()).isEqualTo(repoA));
        assertThat(data(readerOfA.api(), "/aistats/minute?" + RANGE + "&repoId=" + repoB)).isEmpty();
        assertThat(data(readerOfA.api(), "/aistats/daily?startDate=2026-01-01T00:00:00Z&endDate=2026-02-01T00:00:00Z").toString())
                .doesNotContain(repoB);

        // Another tenant's ids match nothing; its own usage is all it sees.
        assertThat(data(otherTenant.api(), "/aistats/minute?" + RANGE + "&repoId=" + repoA + "&aiLlmId=" + llmA)).isEmpty();
        JsonNode theirs = data(otherTenant.api(), "/aistats/minute?" + RANGE);
        assertThat(theirs).hasSize(1);
        assertThat(theirs.get(0).path("repoId").asText()).isEqualTo(foreignRepo);
        assertThat(theirs.get(0).path("repoAiApiKeyId").isNull()).isTrue();
        assertThat(data(owner.api(), "/aistats/minute?" + RANGE + "&repoId=" + foreignRepo)).isEmpty();

        Session outsider = server.createUser(owner, 0);
        assertThat(data(outsider.api(), "/aistats/minute?" + RANGE)).isEmpty();
        assertThat(server.admin().get("/aistats/minute").status()).isEqualTo(401);
    }

    @Test
    void badFiltersAreRefused() {
        Api api = owner.api();
        for (String query : List.of("startDate=2026-01-15T11:00:00Z&endDate=2026-01-15T10:00:00Z", "startDate=yesterday",
                "repoId=" + repoA + ",not-an-id", "aiLlmId=42", "repoAiApiKeyId=x", "llmModel=" + "m".repeat(301))) {
            HttpResult r = api.get("/aistats/daily?" + query);
            assertThat(r.status()).as(query + " → " + r).isEqualTo(400);
            assertThat(r.json().path("success").asBoolean(true)).isFalse();
        }
        String tooMany = String.join(",", IntStream.range(0, 101).mapToObj(i -> "h" + i).toList());
        assertThat(api.get("/aistats/daily?hosts=" + tooMany).status()).isEqualTo(400);
    }

    @Test
    void withoutDatesMinuteCoversTheLastHourAndDailyTheLastThirtyDays() {
        var database = server.node().database();
        String fresh = repo(owner.api(), wsA, "repo-recent", llmA);
        Instant now = Instant.now();
        new UsageStore(database.jdbi()).write(List.of(
                Usage.at(now.minus(Duration.ofMinutes(30))).org(owner.orgId(), wsA).dims(fresh, llmA, keyA).build(),
                Usage.at(now.minus(Duration.ofHours(2))).org(owner.orgId(), wsA).dims(fresh, llmA, keyA).build(),
                Usage.at(now.minus(Duration.ofDays(40))).org(owner.orgId(), wsA).dims(fresh, llmA, keyA).build()));
        assertThat(data(owner.api(), "/aistats/minute?repoId=" + fresh)).hasSize(1);
        long calls = 0;
        for (JsonNode row : data(owner.api(), "/aistats/daily?repoId=" + fresh)) {
            calls += row.path("apiCalls").asLong();
        }
        assertThat(calls).isEqualTo(2);
    }

    @Test
    void aiLlmStatsTotalTheDayBucketsPerConfiguration() {
        JsonNode stats = owner.api().get("/ai/llm/stats").json().path("stats");
        JsonNode a = null;
        JsonNode b = null;
        for (JsonNode row : stats) {
            if (llmA.equals(row.path("aiLlmId").asText())) {
                a = row;
            } else if (llmB.equals(row.path("aiLlmId").asText())) {
                b = row;
            }
        }
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        // llmA: three requests on the 15th, one the day before (another test may add more under a new repository).
        assertThat(Long.parseLong(a.path("totalApiCalls").asText())).isGreaterThanOrEqualTo(4);
        JsonNode onlyB = owner.api().get("/ai/llm/stats?aiLlmId=" + llmB).json().path("stats");
        assertThat(onlyB).hasSize(1);
        assertThat(onlyB.get(0)).isEqualTo(b);
        assertThat(b.path("totalApiCalls").asText()).isEqualTo("1");
        assertThat(b.path("totalTokensIn").asText()).isEqualTo("50");
        assertThat(b.path("totalTokensOut").asText()).isEqualTo("0");
        assertThat(b.path("totalPolicyViolations").asText()).isEqualTo("1");
        assertThat(b.path("totalAlerts").asText()).isEqualTo("1");
        assertThat(b.path("totalBlocks").asText()).isEqualTo("1");
        assertThat(b.path("totalLlmTokensIn").asText()).isEqualTo("0");

        JsonNode readerView = readerOfA.api().get("/ai/llm/stats").json().path("stats");
        assertThat(readerView.toString()).contains(llmA).doesNotContain(llmB);
        assertThat(otherTenant.api().get("/ai/llm/stats?aiLlmId=" + llmA).status()).isEqualTo(404);
    }

    @Test
    void theNewestBucketsComeBackWhenMoreRowsMatchThanTheCap() {
        try (TestServer small = TestServer.start(Map.of("stats.max.rows", "3"))) {
            Session o = small.owner();
            String ws = small.defaultWorkspace(o);
            var database = small.node().database();
            List<UsageRecord> records = new ArrayList<>();
            for (int minute = 0; minute < 3; minute++) {
                for (String model : List.of("m1", "m2")) {
                    records.add(Usage.at(T.plus(Duration.ofMinutes(minute))).org(o.orgId(), ws).model("OPENAI", model, "h").build());
                }
            }
            new UsageStore(database.jdbi()).write(records);
            HttpResult r = o.api().get("/aistats/minute?" + RANGE);
            assertThat(r.json().path("truncated").asBoolean()).isTrue();
            assertThat(r.text("message")).contains("3 rows");
            JsonNode rows = r.json().path("data");
            // Six rows matched; the newest three are minute 2 (both) and half of minute 1, which is left out whole.
            assertThat(rows).hasSize(2);
            assertThat(rows).allSatisfy(row -> assertThat(row.path("timestamp").asLong()).isEqualTo(T.plus(Duration.ofMinutes(2)).toEpochMilli()));
            assertThat(o.api().get("/aistats/minute?startDate=2026-01-15T10:02:00Z&endDate=2026-01-15T10:05:00Z")
                    .json().path("truncated").asBoolean(true)).isFalse();
        }
    }
}
