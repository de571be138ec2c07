package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.MediaFetch;
import io.gatehouse.provider.RemoteMedia;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiToGeminiRequestTest {
    /** The Schema fields Gemini documents (MAPPING §2.4), minus {@code default}, which the API has rejected. */
    private static final Set<String> SCHEMA_ALLOW_LIST = Set.of("type", "format", "title", "description", "nullable",
            "enum", "items", "minItems", "maxItems", "properties", "required", "propertyOrdering", "minimum", "maximum",
            "minLength", "maxLength", "pattern", "minProperties", "maxProperties", "anyOf", "example");

    private final OpenAiToGeminiRequest translator = new OpenAiToGeminiRequest(GeminiOptions.defaults());

    private static ObjectNode json(String text) {
        return (ObjectNode) Fixtures.json(Fixtures.utf8(text));
    }

    private ObjectNode body(JsonNode request) {
        return translator.body(request, Map.of());
    }

    /** PITFALLS 24 (first bullet). */
    @Test
    void basicRequestWithImageMatchesTheFixture() {
        assertThat(body(Fixtures.json("openai/01-chat-basic.request.json"))).isEqualTo(Fixtures.json("gemini/01-basic.request.json"));
    }

    /** PITFALLS 20 (last bullet) and 15: strict/additionalProperties gone, max_completion_tokens → maxOutputTokens. */
    @Test
    void toolsStreamRequestMatchesTheFixture() {
        UpstreamRequest request = translator.translate(Fixtures.json("openai/02-tools-stream.request.json"), "gemini-2.5-flash",
                Map.of());
        assertThat(request.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(Fixtures.json(request.body())).isEqualTo(Fixtures.json("gemini/02-tools-stream.request.json"));
        assertThat(new OpenAiToGeminiRequest(new GeminiOptions("v1")).translate(
                Fixtures.json("openai/01-chat-basic.request.json"), "gemini-2.5-flash", Map.of()).path())
                .isEqualTo("/v1/models/gemini-2.5-flash:generateContent");
    }

    /** PITFALLS 17 and 25 (third bullet): grouped calls and responses, placeholder signature on the first call. */
    @Test
    void toolResultFollowUpMatchesTheCrossFixture() {
        assertThat(body(Fixtures.json("openai/03-tool-result-followup.request.json")))
                .isEqualTo(Fixtures.json("cross/openai-03-to-gemini.request.json"));
    }

    /** PITFALLS 17 (second bullet). */
    @Test
    void callsSpreadOverTwoAssistantMessagesAreGroupedTheSame() {
        ObjectNode request = (ObjectNode) Fixtures.json("openai/03-tool-result-followup.request.json");
        ArrayNode messages = (ArrayNode) request.get("messages");
        ObjectNode first = (ObjectNode) messages.get(2);
        ObjectNode second = first.deepCopy();
        ((ArrayNode) first.get("tool_calls")).remove(1);
        ((ArrayNode) second.get("tool_calls")).remove(0);
        second.putNull("content");
        messages.insert(3, second);
        assertThat(body(request)).isEqualTo(Fixtures.json("cross/openai-03-to-gemini.request.json"));
    }

    /** PITFALLS 25 (second bullet): a signature echoed in extra_content goes back on the same call only. */
    @Test
    void echoedThoughtSignaturesGoBackWhereTheyCameFrom() {
        ObjectNode request = (ObjectNode) Fixtures.json("openai/03-tool-result-followup.request.json");
        ((ObjectNode) request.at("/messages/2/tool_calls/0")).putObject("extra_content").putObject("google")
                .put("thought_signature", "CiQBcsjafFAKE0nLy0fixturesOnlyNotARealSignatureAAAAAAAAAAAAAAAACnQBcsjafFAKEsignatureBytesForTestsOnly==");
        assertThat(body(request)).isEqualTo(Fixtures.json("gemini/03-function-response-followup.request.json"));
    }

    /** PITFALLS 20 (first bullet). */
    @Test
    void toolSchemasAreSanitisedByAllowList() {
        ObjectNode request = json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"search\",\"strict\":true,\"parameters\":{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                + "\"type\":\"object\",\"additionalProperties\":false,\"$defs\":{\"Filter\":{\"type\":\"object\",\"properties\":"
                + "{\"field\":{\"type\":\"string\",\"default\":\"name\"}},\"additionalProperties\":false}},"
                + "\"properties\":{"
                + "\"query\":{\"type\":[\"string\",\"null\"],\"default\":null,\"propertyNames\":{\"pattern\":\"x\"},\"~optional\":true},"
                + "\"limit\":{\"type\":\"integer\",\"exclusiveMinimum\":0,\"default\":10},"
                + "\"mode\":{\"const\":\"fast\"},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":"
                + "{\"k\":{\"oneOf\":[{\"type\":\"string\",\"format\":\"email\"},{\"type\":\"number\",\"default\":1}]}}}},"
                + "\"filter\":{\"anyOf\":[{\"$ref\":\"#/$defs/Filter\"},{\"type\":\"null\"}]},"
                + "\"both\":{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}},"
                + "{\"properties\":{\"b\":{\"type\":\"boolean\",\"default\":false}},\"required\":[\"b\"]}]}"
                + "},\"required\":[\"query\"]}}}]}");
        JsonNode parameters = body(request).at("/tools/0/functionDeclarations/0/parameters");
        assertOnlyAllowedKeys(parameters, "parameters");
        assertThat(parameters.at("/properties/query/type").asText()).isEqualTo("STRING");
        assertThat(parameters.at("/properties/query/nullable").asBoolean()).isTrue();
        assertThat(parameters.at("/properties/mode/enum/0").asText()).isEqualTo("fast");
        assertThat(parameters.at("/properties/tags/items/properties/k/anyOf")).hasSize(2);
        assertThat(parameters.at("/properties/filter/anyOf/0/properties/field/type").asText()).isEqualTo("STRING");
        assertThat(parameters.at("/properties/both/properties/b/type").asText()).isEqualTo("BOOLEAN");
        assertThat(parameters.at("/properties/both/required/0").asText()).isEqualTo("b");
        assertThat(body(request).at("/tools/0/functionDeclarations/0").has("strict")).isFalse();
    }

    private static void assertOnlyAllowedKeys(JsonNode schema, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            assertThat(SCHEMA_ALLOW_LIST).as("key %s at %s", key, path).contains(key);
            JsonNode value = field.getValue();
            switch (key) {
                case "properties" -> value.fields().forEachRemaining(p -> assertOnlyAllowedKeys(p.getValue(), path + "." + p.getKey()));
                case "items" -> assertOnlyAllowedKeys(value, path + ".items");
                case "anyOf" -> value.forEach(alternative -> assertOnlyAllowedKeys(alternative, path + ".anyOf"));
                case "type" -> assertThat(value.asText()).isIn("STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL");
                default -> {
                }
            }
        }
    }

    /** PITFALLS 24 (second bullet): https images are fetched by the gateway first; failures are a 400 naming the part. */
    @Test
    void httpsImagesAreInlinedFromFetchedBytesOrRefused() {
        ObjectNode request = json("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}");
        assertThat(OpenAiToGeminiRequest.remoteMedia(request))
                .containsExactly(new RemoteMedia("messages[0].content[1]", "https://example.com/cat.png"));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        ObjectNode body = translator.body(request, Map.of("https://example.com/cat.png", new MediaFetch.Fetched("image/png", png)));
        assertThat(body.at("/contents/0/parts/1/inlineData/mimeType").asText()).isEqualTo("image/png");
        assertThat(body.at("/contents/0/parts/1/inlineData/data").asText()).isEqualTo(Base64.getEncoder().encodeToString(png));
        assertThatThrownBy(() -> translator.body(request, Map.of("https://example.com/cat.png", new MediaFetch.Failed("HTTP 404"))))
                .isInstanceOf(TranslationException.class).hasMessageContaining("messages[0].content[1]").hasMessageContaining("HTTP 404")
                .extracting("param").isEqualTo("messages[0].content[1].image_url.url");
        assertThatThrownBy(() -> translator.body(request, Map.of()))
                .isInstanceOf(TranslationException.class).hasMessageContaining("could not be fetched");
        assertThatThrownBy(() -> translator.body(request, Map.of("https://example.com/cat.png",
                new MediaFetch.Fetched("text/html", new byte[1])))).isInstanceOf(TranslationException.class);
    }

    /** PITFALLS 21 for Gemini (MAPPING §2.5). */
    @Test
    void toolChoiceRows() {
        String tools = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"g\"}}]";
        assertThat(body(json("{" + tools + "}")).has("toolConfig")).isFalse();
        assertThat(body(json("{" + tools + ",\"parallel_tool_calls\":false}")).has("toolConfig")).isFalse();
        assertThat(body(json("{" + tools + ",\"tool_choice\":\"none\"}")).at("/toolConfig/functionCallingConfig"))
                .isEqualTo(json("{\"mode\":\"NONE\"}"));
        assertThat(body(json("{" + tools + ",\"tool_choice\":\"required\"}")).at("/toolConfig/functionCallingConfig"))
                .isEqualTo(json("{\"mode\":\"ANY\"}"));
        assertThat(body(json("{" + tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}}"))
                .at("/toolConfig/functionCallingConfig")).isEqualTo(json("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"g\"]}"));
        ObjectNode allowedAuto = body(json("{" + tools + ",\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":"
                + "{\"mode\":\"auto\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}}}"));
        assertThat(allowedAuto.at("/tools/0/functionDeclarations")).extracting(d -> d.get("name").asText()).containsExactly("f");
        assertThat(allowedAuto.at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("AUTO");
        // a function without parameters declares none
        assertThat(body(json("{" + tools + "}")).at("/tools/0/functionDeclarations/1").has("parameters")).isFalse();
    }

    @Test
    void generationConfigCarriesSamplingAndOutputFormat() {
        JsonNode config = body(json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":10,"
                + "\"max_completion_tokens\":2048,\"temperature\":1.5,\"top_p\":0.5,\"n\":2,\"seed\":7,\"presence_penalty\":0.1,"
                + "\"frequency_penalty\":0.2,\"logprobs\":true,\"top_logprobs\":3,\"stop\":\"END\",\"reasoning_effort\":\"none\","
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\",\"schema\":{\"type\":\"object\"}}}}"))
                .get("generationConfig");
        assertThat(config).isEqualTo(json("{\"maxOutputTokens\":2048,\"stopSequences\":[\"END\"],\"temperature\":1.5,\"topP\":0.5,"
                + "\"seed\":7,\"presencePenalty\":0.1,\"frequencyPenalty\":0.2,\"candidateCount\":2,\"responseLogprobs\":true,"
                + "\"logprobs\":3,\"responseMimeType\":\"application/json\",\"responseJsonSchema\":{\"type\":\"object\"},"
                + "\"thinkingConfig\":{\"thinkingBudget\":0}}"));
    }

    @Test
    void conversationShapesGeminiNeeds() {
        ObjectNode startsWithModel = body(json("{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"plain text result\"},{\"role\":\"user\",\"content\":\"and?\"}]}"));
        JsonNode contents = startsWithModel.get("contents");
        assertThat(contents).extracting(c -> c.get("role").asText()).containsExactly("user", "model", "user", "user");
        assertThat(contents.at("/1/parts/0/functionCall/args")).isEmpty();
        assertThat(contents.at("/2/parts/0/functionResponse/response")).isEqualTo(json("{\"output\":\"plain text result\"}"));
        assertThatThrownBy(() -> body(json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"Sure\"}]}")))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("messages[1]");
        assertThatThrownBy(() -> body(json("{\"messages\":[{\"role\":\"tool\",\"tool_call_id\":\"nope\",\"content\":\"x\"}]}")))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("messages[0].tool_call_id");
        assertThatThrownBy(() -> body(json("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_id\":\"f\"}}]}]}")))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("messages[0].content[0].file.file_id");
        ObjectNode audio = body(json("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":"
                + "{\"data\":\"UklG\",\"format\":\"wav\"}}]}]}"));
        assertThat(audio.at("/contents/0/parts/0/inlineData/mimeType").asText()).isEqualTo("audio/wav");
        assertThat(new String(translator.translate(json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), "m", Map.of()).body(),
                StandardCharsets.UTF_8)).doesNotContain("generationConfig");
    }
}
