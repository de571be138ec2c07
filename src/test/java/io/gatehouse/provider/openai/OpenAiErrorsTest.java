package io.gatehouse.provider.openai;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.ModelListException;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.ProviderJson;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiErrorsTest {

    private static GatewayError map(String fixture) {
        JsonNode error = Fixtures.json(fixture);
        Map<String, String> headers = ProviderJson.MAPPER.convertValue(error.get("headers"), new TypeReference<>() { });
        return OpenAiErrors.map(error.get("status").asInt(), headers, ProviderJson.write(error.get("body")));
    }

    @Test
    void rateLimitsKeepTheUpstreamFieldsAndRetryAfter() {
        GatewayError error = map("openai/04-error-429.json");
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.headers()).containsEntry("retry-after", "1");
        assertThat(error.retryable()).isTrue();
        JsonNode body = Fixtures.json(error.openAiBody()).get("error");
        assertThat(body.get("type").asText()).isEqualTo("tokens");
        assertThat(body.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(body.get("message").asText()).startsWith("Rate limit reached for gpt-5-mini");
    }

    @Test
    void anInvalidKeyUpstreamIsAGateway502NotA401() {
        GatewayError error = OpenAiErrors.map(401, Map.of(), Fixtures.utf8(
                "{\"error\":{\"message\":\"Incorrect API key provided: sk-abc***\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        assertThat(error.status()).isEqualTo(502);
        assertThat(error.upstreamCredentialFailure()).isTrue();
        assertThat(new String(error.openAiBody())).doesNotContain("sk-abc").contains("upstream_auth_error");
    }

    @Test
    void insufficientQuotaIsNotRetryable() {
        GatewayError error = OpenAiErrors.map(429, Map.of("retry-after", "20"), Fixtures.utf8(
                "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"));
        assertThat(error.kind()).isEqualTo(ErrorKind.BILLING);
        assertThat(error.retryable()).isFalse();
        assertThat(error.headers()).containsEntry("x-should-retry", "false");
    }

    @Test
    void serverErrorsAndNonJsonBodiesAreRetryable5xx() {
        GatewayError error = OpenAiErrors.map(500, Map.of(), Fixtures.utf8("<html>oops</html>"));
        assertThat(error.status()).isEqualTo(502);
        assertThat(error.retryable()).isTrue();
        assertThat(OpenAiErrors.map(503, Map.of(), new byte[0]).status()).isEqualTo(503);
    }

    @Test
    void badRequestsKeepParamAndCode() {
        GatewayError error = OpenAiErrors.map(400, Map.of(), Fixtures.utf8(
                "{\"error\":{\"message\":\"too long\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}"));
        assertThat(error.param()).isEqualTo("messages");
        assertThat(error.code()).isEqualTo("context_length_exceeded");
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void modelListIsParsed() throws Exception {
        ModelPage page = OpenAiModelCatalog.parse(Fixtures.utf8(
                "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-5-mini\",\"object\":\"model\",\"created\":1754425777,\"owned_by\":\"system\"},"
                        + "{\"id\":\"text-embedding-3-small\",\"object\":\"model\",\"created\":1,\"owned_by\":\"system\"}]}"));
        assertThat(page.models()).extracting(m -> m.id()).containsExactly("gpt-5-mini", "text-embedding-3-small");
        assertThat(page.models().getFirst().created()).isEqualTo(1754425777L);
        assertThat(page.nextCursor()).isNull();
        assertThat(OpenAiModelCatalog.listRequest().path()).isEqualTo("/models");
    }

    @Test
    void answersThatAreNotModelListsAreNamed() {
        assertThatThrownBy(() -> OpenAiModelCatalog.parse(Fixtures.utf8("<html>Welcome</html>")))
                .isInstanceOf(ModelListException.class).hasMessage("the answer is not JSON");
        assertThatThrownBy(() -> OpenAiModelCatalog.parse(Fixtures.utf8("{\"models\":[]}")))
                .isInstanceOf(ModelListException.class).hasMessageContaining("\"data\"");
    }

    @Test
    void usageOfNonStreamingResponses() {
        assertThat(OpenAiUsage.ofResponse(Fixtures.bytes("openai/01-chat-basic.response.json")))
                .isEqualTo(new io.gatehouse.provider.Usage(95, 74, 169, 0, null, 64L));
        assertThat(OpenAiUsage.ofResponse(Fixtures.utf8("{\"object\":\"list\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}"))
                .totalTokens()).isEqualTo(8);
    }
}
