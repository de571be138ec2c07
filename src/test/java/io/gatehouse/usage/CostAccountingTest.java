package io.gatehouse.usage;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, "must hold": the cost of a mixed run — OpenAI, Anthropic and Gemini through their fakes, whole answers and
 * streams, both ingresses, cached reads and cache writes, a configuration's own prices and a model without a price —
 * equals the sum computed here by hand from the vendors' published prices, to the micro-dollar, as read back from the
 * usage records, {@code /aistats/minute}, {@code /aistats/daily} and {@code /ai/llm/stats}.
 */
@Tag("db")
class CostAccountingTest {
    static final String OPENAI_KEY = "sk-fake-openai-key-0123456789";
    static final String ANTHROPIC_KEY = "sk-ant-fake-0123456789";
    static final String GEMINI_KEY = "AIza-fake-gemini-0123456789";

    static TestServer server;
    static FakeOpenAi openai;
    static FakeOpenAi local;
    static FakeAnthropic anthropic;
    static FakeGemini gemini;
    static String repo;
    static Map<String, String> configurations = new HashMap<>();
    static GatewayWorld.Key key;

    /** Dollars per million tokens (= micro-dollars per token): input, cached input, cache write, output. */
    record Prices(String input, String cached, String write, String output) {
    }

    // Hand-copied from the vendors' pricing pages (and, for local-llama, from this test's own override).
    static final Prices GPT_4O = new Prices("2.50", "1.25", "2.50", "10.00");
    static final Prices GPT_4O_MINI = new Prices("0.15", "0.075", "0.15", "0.60");
    static final Prices CLAUDE_SONNET_4_5 = new Prices("3.00", "0.30", "3.75", "15.00");
    static final Prices GEMINI_2_5_FLASH = new Prices("0.30", "0.03", "0.30", "2.50");
    static final Prices LOCAL_LLAMA = new Prices("0.40", "0.20", "0.40", "1.60");

    /** One request of the run: its tokens by class as the fakes report them, and what they cost. */
    enum Kind {
        GPT_4O_PLAIN("openai"), GPT_4O_MINI_STREAM("openai"), CLAUDE_VIA_OPENAI_PLAIN("anthropic"),
        CLAUDE_VIA_OPENAI_STREAM("anthropic"), CLAUDE_NATIVE_PLAIN("anthropic"), CLAUDE_NATIVE_STREAM("anthropic"),
        GEMINI_PLAIN("gemini"), GEMINI_STREAM("gemini"), GEMINI_FOR_ANTHROPIC_CLIENT("gemini"),
        LOCAL_OVERRIDE_PLAIN("local"), LOCAL_UNPRICED("local");

        final String configuration;

        Kind(String configuration) {
            this.configuration = configuration;
        }
    }

    record Call(Kind kind, int n) {
        /** Uncached input, cached input, cache writes, output — as each provider's usage says, counted once. */
        long[] tokens() {
            return switch (kind) {
                // OpenAI: prompt_tokens 1000 + n of which 512 cached; completion 50 + n.
                case GPT_4O_PLAIN, GPT_4O_MINI_STREAM, LOCAL_OVERRIDE_PLAIN, LOCAL_UNPRICED ->
                        new long[] {1000 + n - 512, 512, 0, 50 + n};
                // Anthropic: input_tokens 21 (excluding the cache), 2000 read, 300 written; 9 out.
                case CLAUDE_VIA_OPENAI_PLAIN, CLAUDE_VIA_OPENAI_STREAM, CLAUDE_NATIVE_PLAIN, CLAUDE_NATIVE_STREAM ->
                        new long[] {21, 2000, 300, 9};
                // Gemini: promptTokenCount 31 including 20 cachedContentTokenCount; 6 out.
                case GEMINI_PLAIN, GEMINI_STREAM, GEMINI_FOR_ANTHROPIC_CLIENT -> new long[] {11, 20, 0, 6};
            };
        }

        Prices prices() {
            return switch (kind) {
                case GPT_4O_PLAIN -> GPT_4O;
                case GPT_4O_MINI_STREAM -> GPT_4O_MINI;
                case CLAUDE_VIA_OPENAI_PLAIN, CLAUDE_VIA_OPENAI_STREAM, CLAUDE_NATIVE_PLAIN, CLAUDE_NATIVE_STREAM -> CLAUDE_SONNET_4_5;
                case GEMINI_PLAIN, GEMINI_STREAM, GEMINI_FOR_ANTHROPIC_CLIENT -> GEMINI_2_5_FLASH;
                case LOCAL_OVERRIDE_PLAIN -> LOCAL_LLAMA;
                case LOCAL_UNPRICED -> null;
            };
        }

        /** Micro-dollars, rounded half up once for the request; null when the model has no price. */
        Long micros() {
            Prices p = prices();
            if (p == null) {
                return null;
            }
            long[] t = tokens();
            BigDecimal sum = new BigDecimal(p.input()).multiply(BigDecimal.valueOf(t[0]))
                    .add(new BigDecimal(p.cached()).multiply(BigDecimal.valueOf(t[1])))
                    .add(new BigDecimal(p.write()).multiply(BigDecimal.valueOf(t[2])))
                    .add(new BigDecimal(p.output()).multiply(BigDecimal.valueOf(t[3])));
            return sum.setScale(0, RoundingMode.HALF_UP).longValueExact();
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(GatewayWorld.settings());
        openai = new FakeOpenAi(OPENAI_KEY);
        openai.usage(body -> 1000 + n(body), body -> 50 + n(body));
        openai.cachedTokens(body -> 512);
        local = new FakeOpenAi(null);
        local.models(List.of("local-llama-3", "mystery-model"));
        local.usage(body -> 1000 + n(body), body -> 50 + n(body));
        local.cachedTokens(body -> 512);
        anthropic = new FakeAnthropic(ANTHROPIC_KEY);
        anthropic.cacheTokens(2000, 300);
        gemini = new FakeGemini(GEMINI_KEY);
        gemini.cachedContentTokens(20);

        Api api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        configurations.put("openai", PlatformCalls.aiLlm(api, ws, "openai", "OPENAI", openai.endpoint(), OPENAI_KEY));
        configurations.put("anthropic", PlatformCalls.aiLlm(api, ws, "anthropic", "ANTHROPIC", anthropic.endpoint(), ANTHROPIC_KEY));
        configurations.put("gemini", PlatformCalls.aiLlm(api, ws, "gemini", "GOOGLE", gemini.endpoint(), GEMINI_KEY));
        configurations.put("local", PlatformCalls.aiLlm(api, ws, "local", "OTHER", local.endpoint(), null));
        HttpResult priced = api.put("/ai/llm/" + configurations.get("local"),
                "{\"prices\":{\"local-llama*\":{\"input\":0.4,\"output\":1.6,\"cachedInput\":0.2}}}");
        assertThat(priced.status()).as(priced.toString()).isEqualTo(200);
        for (String id : configurations.values()) {
            PlatformCalls.validate(api, id);
        }
        repo = PlatformCalls.repo(api, ws, "costed", configurations.get("openai"), configurations.get("anthropic"),
                configurations.get("gemini"), configurations.get("local"));
        key = GatewayWorld.key(server, repo, "costed key");
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
        local.close();
        anthropic.close();
        gemini.close();
    }

    private static long n(JsonNode body) {
        return Long.parseLong(body.path("messages").path(0).path("content").asText().replace("call ", ""));
    }

    @Test
    void theCostOfAMixedRunIsTheHandComputedSumToTheMicroDollar() {
        List<Call> calls = new ArrayList<>();
        int n = 0;
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < 3; i++) {
                calls.add(new Call(kind, ++n));
            }
        }
        Instant from = Instant.now().minus(1, ChronoUnit.MINUTES);
        for (Call call : calls) {
            send(call);
        }
        long expected = calls.stream().filter(c -> c.micros() != null).mapToLong(Call::micros).sum();
        long unpriced = calls.stream().filter(c -> c.micros() == null).count();

        List<Map<String, Object>> records = GatewayWorld.usage(server, key.id(), calls.size());
        assertThat(records).hasSize(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            Map<String, Object> record = records.get(i);
            long[] t = call.tokens();
            assertThat(((Number) record.get("tokens_in")).longValue()).as(call.toString()).isEqualTo(t[0] + t[1] + t[2]);
            assertThat(((Number) record.get("cached_tokens")).longValue()).as(call.toString()).isEqualTo(t[1]);
            assertThat(((Number) record.get("cache_write_tokens")).longValue()).as(call.toString()).isEqualTo(t[2]);
            Object micros = record.get("cost_micros");
            assertThat(micros == null ? null : ((Number) micros).longValue()).as(call.toString()).isEqualTo(call.micros());
            String version = (String) record.get("price_version");
            switch (call.kind()) {
                case LOCAL_UNPRICED -> assertThat(version).isNull();
                case LOCAL_OVERRIDE_PLAIN -> assertThat(version).startsWith("override@");
                default -> assertThat(version).as(call.toString()).matches("(openai|anthropic|gemini)-\\d{4}-\\d{2}-\\d{2}");
            }
        }

        Api api = server.owner().api();
        String range = "repoId=" + repo + "&startDate=" + from + "&endDate=" + Instant.now().plus(1, ChronoUnit.MINUTES);
        for (String bucket : List.of("/aistats/minute?", "/aistats/daily?")) {
            BigDecimal cost = BigDecimal.ZERO;
            long unpricedCalls = 0;
            long cachedTokens = 0;
            for (JsonNode row : data(api.get(bucket + range))) {
                unpricedCalls += row.path("unpricedCalls").asLong();
                cachedTokens += Long.parseLong(row.path("cachedTokens").asText());
                if (row.path("llmModel").asText().equals("mystery-model")) {
                    assertThat(row.path("cost").isNull()).as("an unknown price is not a zero").isTrue();
                } else {
                    assertThat(row.path("cost").asText()).matches("\\d+\\.\\d{6}");
                    cost = cost.add(new BigDecimal(row.path("cost").asText()));
                }
            }
            assertThat(cost).as(bucket).isEqualByComparingTo(BigDecimal.valueOf(expected, 6));
            assertThat(unpricedCalls).as(bucket).isEqualTo(unpriced);
            assertThat(cachedTokens).as(bucket).isEqualTo(calls.stream().mapToLong(c -> c.tokens()[1]).sum());
        }

        Map<String, Long> expectedByConfiguration = new HashMap<>();
        for (Call call : calls) {
            expectedByConfiguration.merge(configurations.get(call.kind().configuration),
                    call.micros() == null ? 0 : call.micros(), Long::sum);
        }
        for (JsonNode stats : api.get("/ai/llm/stats").json().path("stats")) {
            String id = stats.path("aiLlmId").asText();
            if (expectedByConfiguration.containsKey(id)) {
                assertThat(new BigDecimal(stats.path("totalCost").asText())).as(id)
                        .isEqualByComparingTo(BigDecimal.valueOf(expectedByConfiguration.get(id), 6));
                assertThat(stats.path("totalUnpricedCalls").asText())
                        .isEqualTo(id.equals(configurations.get("local")) ? Long.toString(unpriced) : "0");
            }
        }
        assertThat(expected).as("the run cost something in every class").isGreaterThan(0);
    }

    private static void send(Call call) {
        String message = "[{\"role\":\"user\",\"content\":\"call " + call.n() + "\"}]";
        switch (call.kind()) {
            case GPT_4O_PLAIN -> chat("gpt-4o", false, message);
            case GPT_4O_MINI_STREAM -> chat("gpt-4o-mini", true, message);
            case CLAUDE_VIA_OPENAI_PLAIN -> chat("claude-sonnet-4-5", false, message);
            case CLAUDE_VIA_OPENAI_STREAM -> chat("claude-sonnet-4-5", true, message);
            case CLAUDE_NATIVE_PLAIN -> messages("claude-sonnet-4-5", false, message);
            case CLAUDE_NATIVE_STREAM -> messages("claude-sonnet-4-5", true, message);
            case GEMINI_PLAIN -> chat("gemini-2.5-flash", false, message);
            case GEMINI_STREAM -> chat("gemini-2.5-flash", true, message);
            case GEMINI_FOR_ANTHROPIC_CLIENT -> messages("gemini-2.5-flash", true, message);
            case LOCAL_OVERRIDE_PLAIN -> chat("local-llama-3", false, message);
            case LOCAL_UNPRICED -> chat("mystery-model", false, message);
        }
    }

    private static void chat(String model, boolean stream, String messages) {
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":" + messages + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        if (stream) {
            assertThat(r.body()).endsWith("data: [DONE]\n\n");
        }
    }

    private static void messages(String model, boolean stream, String messages) {
        HttpResult r = GatewayWorld.post(server, "/anthropic/v1/messages", null,
                "{\"model\":\"" + model + "\",\"max_tokens\":64,\"stream\":" + stream + ",\"messages\":" + messages + "}",
                "x-api-key", key.secret());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        if (stream) {
            assertThat(r.body()).contains("event: message_stop");
        }
    }

    private static List<JsonNode> data(HttpResult r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        r.json().path("data").forEach(rows::add);
        return rows;
    }
}
