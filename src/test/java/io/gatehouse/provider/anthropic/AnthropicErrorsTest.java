package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.ProviderJson;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicErrorsTest {

    private static GatewayError map(int status, Map<String, String> headers, String body) {
        return AnthropicErrors.map(status, headers, Fixtures.utf8(body));
    }

    /** PITFALLS 28 (library part): 529 is a retryable, fallback-worthy 503 with the pinned body. */
    @Test
    void overloadedIsA503WithThePinnedBody() {
        JsonNode fixture = Fixtures.json("anthropic/04-error-529.json");
        JsonNode expected = Fixtures.json("cross/errors-to-openai.json").get(0).get("expect");
        GatewayError error = AnthropicErrors.map(fixture.get("status").asInt(), Map.of(),
                ProviderJson.write(fixture.get("body")));
        assertThat(error.status()).isEqualTo(expected.get("status").asInt());
        assertThat(Fixtures.json(error.openAiBody())).isEqualTo(expected.get("body"));
        assertThat(error.retryable()).isTrue();
        assertThat(error.fallbackWorthy()).isTrue();
    }

    @Test
    void credentialFailuresAre502AndMarkTheConfiguration() {
        for (String type : new String[] {"authentication_error", "permission_error"}) {
            GatewayError error = map(401, Map.of(), "{\"type\":\"error\",\"error\":{\"type\":\"" + type
                    + "\",\"message\":\"invalid x-api-key\"}}");
            assertThat(error.status()).isEqualTo(502);
            assertThat(error.upstreamCredentialFailure()).isTrue();
            assertThat(error.code()).isEqualTo("upstream_auth_error");
        }
    }

    @Test
    void rateLimitsKeepRetryAfterButSpendCapsAreFinal() {
        GatewayError limited = map(429, Map.of("retry-after", "12"),
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsEntry("retry-after", "12");
        assertThat(limited.retryable()).isTrue();
        GatewayError capped = map(429, Map.of("retry-after", "12"), "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                + "\"message\":\"cap\",\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}}");
        assertThat(capped.retryable()).isFalse();
        assertThat(capped.headers()).containsEntry("x-should-retry", "false");
    }

    @Test
    void aNotFoundThatIsNotAboutTheModelIsNotCalledModelNotFound() {
        GatewayError endpoint = map(404, Map.of(), "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"Not Found\"}}");
        assertThat(endpoint.code()).isEqualTo("not_found");
        GatewayError silent = map(404, Map.of(), "");
        assertThat(silent.code()).isEqualTo("not_found");
        assertThat(silent.message()).contains("404 Not Found").contains("does not serve this endpoint");
    }

    @Test
    void otherTypesMapPerTheTable() {
        assertThat(map(400, Map.of(), "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}")
                .status()).isEqualTo(400);
        assertThat(map(402, Map.of(), "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"pay\"}}")
                .status()).isEqualTo(402);
        assertThat(map(404, Map.of(), "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model\"}}")
                .code()).isEqualTo("model_not_found");
        assertThat(map(413, Map.of(), "<html>Request Entity Too Large</html>").code()).isEqualTo("request_too_large");
        assertThat(map(500, Map.of(), "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}").status())
                .isEqualTo(502);
        assertThat(map(504, Map.of(), "{\"type\":\"error\",\"error\":{\"type\":\"timeout_error\",\"message\":\"x\"}}").code())
                .isEqualTo("timeout");
    }

    @Test
    void modelListPagesAndKeepsMaxTokens() throws Exception {
        ModelPage page = AnthropicModelCatalog.parse(Fixtures.utf8("{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-5-20250929\","
                + "\"display_name\":\"Claude Sonnet 4.5\",\"created_at\":\"2025-09-29T00:00:00Z\",\"max_tokens\":64000},"
                + "{\"type\":\"model\",\"id\":\"claude-3-haiku-20240307\",\"created_at\":\"2024-03-07T00:00:00Z\"}],"
                + "\"has_more\":true,\"first_id\":\"claude-sonnet-4-5-20250929\",\"last_id\":\"claude-3-haiku-20240307\"}"));
        assertThat(page.models()).hasSize(2);
        assertThat(page.models().getFirst().maxOutputTokens()).isEqualTo(64000);
        assertThat(page.models().getFirst().created()).isEqualTo(1759104000L);
        assertThat(page.models().get(1).maxOutputTokens()).isNull();
        assertThat(page.nextCursor()).isEqualTo("claude-3-haiku-20240307");
        assertThat(AnthropicModelCatalog.listRequest("2023-06-01", page.nextCursor()).path())
                .isEqualTo("/v1/models?limit=1000&after_id=claude-3-haiku-20240307");
        assertThat(AnthropicModelCatalog.parse(Fixtures.utf8("{\"data\":[],\"has_more\":false,\"last_id\":null}")).nextCursor())
                .isNull();
    }
}
