package io.gatehouse.provider;

import io.gatehouse.provider.anthropic.AnthropicBody;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiRequest;
import io.gatehouse.provider.anthropic.AnthropicMaxTokens;
import io.gatehouse.provider.anthropic.AnthropicOptions;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicRequest;
import io.gatehouse.provider.gemini.GeminiEmbeddings;
import io.gatehouse.provider.gemini.GeminiOptions;
import io.gatehouse.provider.gemini.OpenAiToGeminiRequest;
import io.gatehouse.provider.openai.OpenAiBody;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A field Gatehouse reads, sent with the wrong JSON type, is a 400 naming it instead of being dropped or coerced. */
class FieldTypesTest {
    static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

    static final OpenAiToAnthropicRequest TO_ANTHROPIC = new OpenAiToAnthropicRequest(new AnthropicOptions("2023-06-01",
            new AnthropicMaxTokens(Map.of(), model -> null, 4096)));
    static final OpenAiToGeminiRequest TO_GEMINI = new OpenAiToGeminiRequest(new GeminiOptions("v1beta"));

    private static void refused(String field, String expected, Consumer<byte[]> reader, String body) {
        assertThatThrownBy(() -> reader.accept(Fixtures.utf8(body)))
                .isInstanceOfSatisfying(TranslationException.class, e -> {
                    assertThat(e.param()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith("Invalid type for '" + field + "': expected " + expected);
                    assertThat(e.error().status()).isEqualTo(400);
                    assertThat(e.error().code()).isEqualTo("invalid_type");
                    assertThat(new String(e.error().openAiBody())).contains("\"param\":\"" + field + "\"")
                            .contains("\"type\":\"invalid_request_error\"");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            temperature         | "hot"     | a number
            top_p               | true      | a number
            max_tokens          | "10"      | an integer
            max_completion_tokens | 10.5    | an integer
            n                   | "2"       | an integer
            stop                | 5         | a string or an array
            tools               | "x"       | an array
            tool_choice         | 1         | a string or an object
            response_format     | "json"    | an object
            parallel_tool_calls | "no"      | a boolean
            reasoning_effort    | 3         | a string
            messages            | {}        | an array
            """)
    void translationsToAnthropicAndGeminiRefuseWrongTypes(String field, String value, String expected) {
        String body = "{\"model\":\"m\"," + (field.equals("messages") ? "" : MESSAGES + ",") + "\"" + field + "\":" + value + "}";
        refused(field, expected, b -> TO_ANTHROPIC.body(ProviderJson.read(b), "m"), body);
        refused(field, expected, b -> TO_GEMINI.body(ProviderJson.read(b), Map.of()), body);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            max_tokens     | "10"  | an integer
            temperature    | "hot" | a number
            stop_sequences | "END" | an array
            tools          | {}    | an array
            tool_choice    | "any" | an object
            system         | 5     | a string or an array
            messages       | "Hi"  | an array
            metadata       | "u-1" | an object
            """)
    void theAnthropicIngressTranslationRefusesWrongTypes(String field, String value, String expected) {
        String body = "{\"model\":\"m\"," + (field.equals("messages") ? "" : MESSAGES + ",") + "\"" + field + "\":" + value + "}";
        refused(field, expected, b -> new AnthropicToOpenAiRequest(false).toOpenAi(ProviderJson.read(b), "m"), body);
    }

    @Test
    void whatGatehouseReadsOnEveryPathIsCheckedOnThePeek() {
        refused("stream", "a boolean", OpenAiBody::peek, "{\"model\":\"m\",\"stream\":\"yes\"}");
        refused("stream_options", "an object", OpenAiBody::peek, "{\"model\":\"m\",\"stream\":true,\"stream_options\":\"x\"}");
        refused("stream_options.include_usage", "a boolean", OpenAiBody::peek,
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"}}");
        refused("model", "a string", OpenAiBody::peek, "{\"model\":[\"m\"]}");
        refused("messages", "an array", b -> OpenAiBody.peek(b).requireTypes(FieldTypes.OPENAI_CHAT), "{\"model\":\"m\",\"messages\":{}}");
        refused("input", "a string or an array", b -> OpenAiBody.peek(b).requireTypes(FieldTypes.OPENAI_EMBEDDINGS),
                "{\"model\":\"m\",\"input\":5}");
        refused("stream", "a boolean", AnthropicBody::peek, "{\"model\":\"m\",\"stream\":1}");
        refused("system", "a string or an array", b -> AnthropicBody.peek(b).requireTypes(FieldTypes.ANTHROPIC_MESSAGES),
                "{\"model\":\"m\",\"system\":{}," + MESSAGES + "}");
        refused("dimensions", "an integer", b -> new GeminiEmbeddings(new GeminiOptions("v1beta")).request(ProviderJson.read(b), "m"),
                "{\"model\":\"m\",\"input\":\"hi\",\"dimensions\":\"256\"}");
    }

    @Test
    void nullsAndUnreadFieldsPassAndElementsOfStopMustBeStrings() {
        String body = "{\"model\":\"m\"," + MESSAGES + ",\"temperature\":null,\"stream\":null,\"stream_options\":null,"
                + "\"tools\":null,\"x_vendor\":\"anything\",\"metadata\":[1]}";
        assertThatCode(() -> OpenAiBody.peek(Fixtures.utf8(body)).requireTypes(FieldTypes.OPENAI_CHAT)).doesNotThrowAnyException();
        assertThatCode(() -> TO_ANTHROPIC.body(ProviderJson.read(Fixtures.utf8(body)), "m")).doesNotThrowAnyException();
        assertThat(TO_GEMINI.body(ProviderJson.read(Fixtures.utf8("{\"model\":\"m\"," + MESSAGES + ",\"temperature\":1}")),
                Map.of()).path("generationConfig").path("temperature").asInt()).as("an integer is a number").isEqualTo(1);
        assertThatThrownBy(() -> TO_ANTHROPIC.body(ProviderJson.read(Fixtures.utf8("{\"model\":\"m\"," + MESSAGES
                + ",\"stop\":[\"END\",7]}")), "m")).isInstanceOfSatisfying(TranslationException.class,
                e -> assertThat(e.param()).isEqualTo("stop[1]"));
    }
}
