package io.gatehouse.platform.aillm;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.gatehouse.testing.PlatformCalls.workspace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration's own prices through {@code /ai/llm}: stored and shown as given (per million tokens, defaults
 * filled in), replaced, kept or removed by PUT, and refused field by field — 400 for the wrong form, 422 out of
 * range — without changing what was stored.
 */
@Tag("db")
class PricesApiTest {
    static TestServer server;
    static Api api;
    static String ws;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        api = server.owner().api();
        ws = workspace(api, "prices-ws");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String create(String name, String aiType, String prices) {
        HttpResult r = api.post("/ai/llm", "{\"name\":\"" + name + "\",\"aiType\":\"" + aiType + "\",\"workspaceId\":\"" + ws
                + "\",\"endpoint\":\"http://127.0.0.1:9/v1\",\"secret\":\"sk-test-0123456789\"" + (prices == null ? "" : ",\"prices\":" + prices) + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("aiLlmId");
    }

    private static JsonNode get(String id) {
        return api.get("/ai/llm/" + id).json().path("aiLlm");
    }

    @Test
    void pricesAreStoredAndShownWithTheirDefaults() {
        String id = create("priced", "OTHER", "{\"Llama-3.1-70B\": {\"input\": 0.5, \"output\": 0.9}, \"qwen*\": {\"input\": 0, \"output\": 0,"
                + " \"cachedInput\": 0, \"cacheWrite\": 0}}");
        JsonNode c = get(id);
        assertThat(c.path("prices").path("llama-3.1-70b").path("input").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(c.path("prices").path("llama-3.1-70b").path("output").decimalValue()).isEqualByComparingTo("0.9");
        assertThat(c.path("prices").path("llama-3.1-70b").path("cachedInput").decimalValue()).as("defaults to input")
                .isEqualByComparingTo("0.5");
        assertThat(c.path("prices").path("llama-3.1-70b").path("cacheWrite").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(c.path("prices").path("qwen*").path("output").decimalValue()).isEqualByComparingTo("0");
        assertThat(c.path("priceTable").isNull()).as("OTHER has no shipped prices").isTrue();

        String openai = create("openai-unpriced", "OPENAI", null);
        assertThat(get(openai).path("prices").size()).isZero();
        assertThat(get(openai).path("priceTable").asText()).startsWith("openai-");
    }

    @Test
    void putReplacesKeepsOrRemovesThem() {
        String id = create("changing", "OPENAI", "{\"gpt-4o\": {\"input\": 1, \"output\": 2}}");
        HttpResult renamed = api.put("/ai/llm/" + id, "{\"name\":\"changing-2\"}");
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(get(id).path("prices").has("gpt-4o")).as("left out: kept").isTrue();

        HttpResult replaced = api.put("/ai/llm/" + id, "{\"prices\":{\"gpt-4o-mini\": {\"input\": 0.1, \"output\": 0.2}}}");
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(get(id).path("prices").has("gpt-4o")).isFalse();
        assertThat(get(id).path("prices").path("gpt-4o-mini").path("output").decimalValue()).isEqualByComparingTo("0.2");
        assertThat(api.get("/systemevent?context=aillm&contextId=" + id).body()).contains("prices");

        assertThat(api.put("/ai/llm/" + id, "{\"prices\":null}").status()).isEqualTo(200);
        assertThat(get(id).path("prices").size()).as("null removes them").isZero();
        assertThat(api.put("/ai/llm/" + id, "{\"prices\":{\"m\": {\"input\": 1, \"output\": 1}}}").status()).isEqualTo(200);
        assertThat(api.put("/ai/llm/" + id, "{\"prices\":{}}").status()).isEqualTo(200);
        assertThat(get(id).path("prices").size()).as("{} removes them").isZero();
    }

    @Test
    void aPriceChangeLeavesTheValidationAsItWas() {
        try (FakeOpenAi provider = new FakeOpenAi("sk-test-0123456789")) {
            String id = PlatformCalls.aiLlm(api, ws, "validated", "OPENAI", provider.endpoint(), "sk-test-0123456789");
            PlatformCalls.validate(api, id);
            assertThat(get(id).path("validationStatus").asText()).isEqualTo("VALID");
            HttpResult priced = api.put("/ai/llm/" + id, "{\"prices\":{\"gpt-4o\":{\"input\":1,\"output\":2}}}");
            assertThat(priced.status()).as(priced.toString()).isEqualTo(200);
            assertThat(get(id).path("validationStatus").asText()).isEqualTo("VALID");
            assertThat(get(id).path("models")).isNotEmpty();
        }
    }

    @Test
    void badPricesAreRefusedNamingTheFieldAndChangeNothing() {
        String id = create("guarded", "OPENAI", "{\"gpt-4o\": {\"input\": 1, \"output\": 2}}");
        refused(id, "[1]", 400, "prices must be an object");
        refused(id, "{\"gpt-4o\": 5}", 400, "prices['gpt-4o'] must be an object");
        refused(id, "{\"gpt-4o\": {\"output\": 2}}", 400, "prices['gpt-4o'].input is required");
        refused(id, "{\"gpt-4o\": {\"input\": \"1\", \"output\": 2}}", 400, "prices['gpt-4o'].input must be a number");
        refused(id, "{\"gpt-4o\": {\"input\": 1, \"output\": 2, \"perRequest\": 1}}", 400, "perRequest is not a price field");
        refused(id, "{\"gpt-4o\": {\"input\": -0.5, \"output\": 2}}", 422, "prices['gpt-4o'].input must be from 0 to 100000");
        refused(id, "{\"gpt-4o\": {\"input\": 1, \"output\": 200000}}", 422, "prices['gpt-4o'].output must be from 0");
        refused(id, "{\"gpt-4o\": {\"input\": 1, \"output\": 2, \"cachedInput\": 0.0000001}}", 422, "more than 6 decimals");
        refused(id, "{\"g*pt\": {\"input\": 1, \"output\": 2}}", 400, "'*' may only end a model id");
        refused(id, "{\"gpt 4o\": {\"input\": 1, \"output\": 2}}", 400, "spaces or control characters");
        refused(id, "{\"" + "m".repeat(201) + "\": {\"input\": 1, \"output\": 2}}", 422, "at most 200 characters");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 201; i++) {
            many.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":{\"input\":1,\"output\":1}");
        }
        refused(id, many.append("}").toString(), 422, "at most 200 models");
        assertThat(get(id).path("prices").path("gpt-4o").path("output").decimalValue()).isEqualByComparingTo("2");

        HttpResult onCreate = api.post("/ai/llm", "{\"name\":\"never\",\"aiType\":\"OPENAI\",\"workspaceId\":\"" + ws
                + "\",\"secret\":\"sk-test-0123456789\",\"prices\":{\"gpt-4o\":{\"input\":-1,\"output\":1}}}");
        assertThat(onCreate.status()).as(onCreate.toString()).isEqualTo(422);
        assertThat(api.get("/ai/llm?workspaceId=" + ws).body()).doesNotContain("\"never\"");
    }

    private static void refused(String id, String prices, int status, String message) {
        HttpResult r = api.put("/ai/llm/" + id, "{\"prices\":" + prices + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().path("success").asBoolean(true)).isFalse();
        assertThat(r.text("message")).contains(message);
    }
}
