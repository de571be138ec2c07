package io.gatehouse.provider;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderJsonTest {

    @Test
    void readsAnObject() {
        assertThat(ProviderJson.read("{\"model\":\"gpt-4o\"}".getBytes()).path("model").asText()).isEqualTo("gpt-4o");
    }

    @Test
    void malformedJsonIsRefusedWithA400() {
        assertThatThrownBy(() -> ProviderJson.read("{\"model\":".getBytes()))
                .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.error().status()).isEqualTo(400))
                .hasMessageStartingWith("The body is not valid JSON");
    }

    /**
     * Found by Jazzer (AnthropicTranslationFuzzTest): three zero bytes first make Jackson decode the body as UTF-32,
     * and a code point beyond U+10FFFF then failed with an I/O exception that escaped as an UncheckedIOException
     * instead of the 400 every other unreadable body gets.
     */
    @Test
    void bytesThatCannotBeDecodedAreRefusedWithA400() {
        byte[] body = {0, 0, 0, '{', (byte) 0x82, (byte) 0xfe, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> ProviderJson.read(body))
                .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.error().status()).isEqualTo(400))
                .hasMessageContaining("UTF-32");
    }
}
