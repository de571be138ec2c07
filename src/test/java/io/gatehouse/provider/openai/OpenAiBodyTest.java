package io.gatehouse.provider.openai;

import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.TranslationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiBodyTest {

    private static String edit(String body, String upstreamModel) {
        return new String(OpenAiBody.peek(Fixtures.utf8(body)).forUpstream(upstreamModel), StandardCharsets.UTF_8);
    }

    @Test
    void aBodyThatNeedsNoEditIsTheSameArray() {
        byte[] body = Fixtures.bytes("openai/02-tools-stream.request.json");
        OpenAiBody peek = OpenAiBody.peek(body);
        assertThat(peek.model()).isEqualTo("gpt-5-mini");
        assertThat(peek.stream()).isTrue();
        assertThat(peek.clientWantsUsage()).isTrue();
        assertThat(peek.forUpstream("gpt-5-mini")).isSameAs(body);
    }

    @Test
    void onlyTheModelValueChangesEverythingElseKeepsItsBytes() {
        String body = "{ \"model\" : \"prod/gpt-5-mini\",\n  \"messages\":[{\"role\":\"user\",\"content\":\"caf\\u00e9 1.50e+2\"}],"
                + "\"x_vendor_knob\": {\"deep\": [1.0, 2.50]}, \"temperature\": 0.70 }";
        assertThat(edit(body, "gpt-5-mini")).isEqualTo(body.replace("\"prod/gpt-5-mini\"", "\"gpt-5-mini\""));
    }

    @Test
    void streamsWithoutStreamOptionsGetIncludeUsage() {
        OpenAiBody peek = OpenAiBody.peek(Fixtures.utf8("{\"model\":\"m\",\"stream\":true}"));
        assertThat(peek.clientWantsUsage()).isFalse();
        assertThat(new String(peek.forUpstream(null), StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    void existingStreamOptionsAreCompletedOrForced() {
        assertThat(edit("{\"stream\":true,\"stream_options\":{\"include_obfuscation\":false}}", null))
                .isEqualTo("{\"stream\":true,\"stream_options\":{\"include_obfuscation\":false,\"include_usage\":true}}");
        assertThat(edit("{\"stream\":true,\"stream_options\":{ }}", null))
                .isEqualTo("{\"stream\":true,\"stream_options\":{ \"include_usage\":true}}");
        assertThat(edit("{\"stream_options\":{\"include_usage\": false},\"stream\":true}", null))
                .isEqualTo("{\"stream_options\":{\"include_usage\": true},\"stream\":true}");
        assertThat(edit("{\"stream\":true,\"stream_options\":null}", null))
                .isEqualTo("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        OpenAiBody explicitFalse = OpenAiBody.peek(Fixtures.utf8("{\"stream\":true,\"stream_options\":{\"include_usage\":false}}"));
        assertThat(explicitFalse.clientWantsUsage()).isFalse();
    }

    @Test
    void nonStreamingBodiesAreNotGivenStreamOptions() {
        String body = "{\"model\":\"m\",\"messages\":[]}";
        assertThat(edit(body, "m")).isEqualTo(body);
    }

    @Test
    void upstreamRequestsUseRelativePathsAndNoCredentials() {
        OpenAiBody peek = OpenAiBody.peek(Fixtures.bytes("openai/01-chat-basic.request.json"));
        var request = peek.chatCompletions("gpt-5-mini");
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/chat/completions");
        assertThat(request.headers()).extracting(h -> h.name().toLowerCase())
                .doesNotContain("authorization", "x-api-key");
        assertThat(peek.embeddings("text-embedding-3-small").path()).isEqualTo("/embeddings");
    }

    @Test
    void bodiesThatAreNotObjectsAreRejected() {
        assertThatThrownBy(() -> OpenAiBody.peek(Fixtures.utf8("[1]"))).isInstanceOf(TranslationException.class);
        assertThatThrownBy(() -> OpenAiBody.peek(Fixtures.utf8("{\"model\":1}")))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("model");
        assertThatThrownBy(() -> OpenAiBody.peek(Fixtures.utf8("{\"model\":\"m\"")))
                .isInstanceOf(TranslationException.class);
    }
}
