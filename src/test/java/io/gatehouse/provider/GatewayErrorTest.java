package io.gatehouse.provider;

import io.gatehouse.model.AiType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayErrorTest {

    @Test
    void translationErrorsAreOpenAiShaped400sNamingTheParameter() {
        GatewayError error = new TranslationException("n > 1 is not supported by this provider.", "n").error();
        assertThat(error.status()).isEqualTo(400);
        assertThat(new String(error.openAiBody(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"error\":{\"message\":\"n > 1 is not supported by this provider.\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"n\",\"code\":null}}");
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void credentialFailuresHideTheProviderMessageAndAskForFallback() {
        GatewayError error = GatewayError.fromProvider(ErrorKind.UPSTREAM_AUTH, "invalid x-api-key sk-ant-123",
                "authentication_error", null, false);
        assertThat(error.status()).isEqualTo(502);
        assertThat(error.message()).doesNotContain("sk-ant");
        assertThat(error.upstreamCredentialFailure()).isTrue();
        assertThat(error.fallbackWorthy()).isTrue();
    }

    @Test
    void nonRetryableQuotaErrorsTellSdksNotToRetry() {
        GatewayError spendCap = GatewayError.fromProvider(ErrorKind.RATE_LIMITED, "cap", "rate_limit_error", "30", false);
        assertThat(spendCap.headers()).containsEntry("x-should-retry", "false").doesNotContainKey("retry-after");
        GatewayError billing = GatewayError.fromProvider(ErrorKind.BILLING, "pay", "billing_error", null, false);
        assertThat(billing.status()).isEqualTo(402);
        assertThat(billing.headers()).containsEntry("x-should-retry", "false");
    }

    @Test
    void streamFramesInBothClientFormats() {
        GatewayError error = GatewayError.of(ErrorKind.OVERLOADED, "Overloaded");
        assertThat(new String(error.openAiStreamFrame(), StandardCharsets.UTF_8)).isEqualTo(
                "data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":\"overloaded\"}}\n\n");
        assertThat(new String(error.anthropicStreamFrame(), StandardCharsets.UTF_8)).isEqualTo(
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
    }

    @Test
    void authHeadersPerFormatPrintMasked() {
        io.gatehouse.crypto.Secret key = new io.gatehouse.crypto.Secret("sk-test-1234567890");
        assertThat(Providers.of(AiType.OPENAI).authHeaders(key)).singleElement()
                .satisfies(h -> assertThat(h.name() + ": " + h.value()).isEqualTo("Authorization: Bearer sk-test-1234567890"));
        assertThat(Providers.of(AiType.ANTHROPIC).authHeaders(key).getFirst().name()).isEqualTo("x-api-key");
        assertThat(Providers.of(AiType.GOOGLE).authHeaders(key).getFirst().name()).isEqualTo("x-goog-api-key");
        assertThat(Providers.of(AiType.GOOGLE).authHeaders(key).toString()).doesNotContain("sk-test");
        assertThat(Providers.of(AiType.OTHER).format()).isEqualTo(WireFormat.OPENAI);
        assertThat(Providers.of(AiType.GOOGLE).format()).isEqualTo(WireFormat.GEMINI);
    }
}
