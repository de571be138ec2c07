package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiToAnthropicRequestTest {
    private final OpenAiToAnthropicRequest translator = new OpenAiToAnthropicRequest(AnthropicOptions.defaults());

    private static ObjectNode request(String json) {
        return (ObjectNode) Fixtures.json(Fixtures.utf8(json));
    }

    private ObjectNode body(String json) {
        return translator.body(request(json), "claude-sonnet-4-5");
    }

    /** PITFALLS 24: a data-URL image survives. */
    @Test
    void basicRequestWithImageMatchesTheFixture() {
        JsonNode body = translator.body(Fixtures.json("openai/01-chat-basic.request.json"), "claude-sonnet-4-5");
        assertThat(body).isEqualTo(Fixtures.json("anthropic/01-basic.request.json"));
    }

    @Test
    void toolsStreamRequestMatchesTheFixture() {
        JsonNode body = translator.body(Fixtures.json("openai/02-tools-stream.request.json"), "claude-sonnet-4-5");
        assertThat(body).isEqualTo(Fixtures.json("anthropic/02-tools-stream.request.json"));
    }

    /** PITFALLS 16 and 26: tool results merged into one user message; no thinking inside a foreign tool loop. */
    @Test
    void toolResultFollowUpMatchesTheCrossFixture() {
        JsonNode body = translator.body(Fixtures.json("openai/03-tool-result-followup.request.json"), "claude-sonnet-4-5");
        assertThat(body).isEqualTo(Fixtures.json("cross/openai-03-to-anthropic.request.json"));
        assertThat(body.has("thinking")).isFalse();
    }

    @Test
    void theUpstreamRequestCarriesVersionButNoCredentials() {
        UpstreamRequest request = new OpenAiToAnthropicRequest(new AnthropicOptions("2026-10-21",
                AnthropicMaxTokens.builtIn())).translate(Fixtures.json("openai/01-chat-basic.request.json"), "claude-sonnet-4-5");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.headers()).anySatisfy(h -> assertThat(h.toString()).isEqualTo("anthropic-version: 2026-10-21"));
        assertThat(request.headers()).noneSatisfy(h -> assertThat(h.name()).isIn("x-api-key", "Authorization"));
    }

    /** PITFALLS 15. */
    @Test
    void defaultMaxTokensIsTheModelsMaximumNotASmallConstant() {
        String noLimit = "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(body(noLimit).get("max_tokens").asInt()).isEqualTo(64_000);
        AnthropicMaxTokens catalogued = new AnthropicMaxTokens(Map.of("claude-custom", 12_345),
                model -> model.equals("claude-opus-4-1-20250805") ? 32_000 : null, 8_192);
        OpenAiToAnthropicRequest withCatalog = new OpenAiToAnthropicRequest(new AnthropicOptions("2023-06-01", catalogued));
        assertThat(withCatalog.body(request(noLimit), "claude-opus-4-1-20250805").get("max_tokens").asInt()).isEqualTo(32_000);
        assertThat(withCatalog.body(request(noLimit), "claude-custom").get("max_tokens").asInt()).isEqualTo(12_345);
        assertThat(withCatalog.body(request(noLimit), "some-unknown-model").get("max_tokens").asInt()).isEqualTo(8_192);
        assertThat(body(noLimit).get("max_tokens").asInt()).isNotIn(256, 1024, 4096);
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        assertThat(body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":100,\"max_completion_tokens\":2048}")
                .get("max_tokens").asInt()).isEqualTo(2048);
        assertThat(body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2048}")
                .get("max_tokens").asInt()).isEqualTo(2048);
    }

    /** PITFALLS 18. */
    @Test
    void assistantTurnsWithEmptyOrNullContentHaveOnlyToolUseBlocks() {
        for (String content : new String[] {"\"\"", "null"}) {
            ObjectNode body = body("{\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
                    + "{\"role\":\"assistant\",\"content\":" + content + ",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                    + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"14C\"}]}");
            JsonNode assistant = body.get("messages").get(1);
            assertThat(assistant.get("content")).hasSize(1);
            assertThat(assistant.get("content").get(0).get("type").asText()).isEqualTo("tool_use");
        }
    }

    /** PITFALLS 19. */
    @Test
    void foreignToolIdsAreSanitisedConsistentlyAndStayDistinct() {
        ObjectNode body = body("{\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":["
                + "{\"id\":\"functions.get_weather:0\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}},"
                + "{\"id\":\"functions.get_weather:1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"functions.get_weather:0\",\"content\":\"a\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"functions.get_weather:1\",\"content\":\"b\"}]}");
        JsonNode uses = body.get("messages").get(1).get("content");
        JsonNode results = body.get("messages").get(2).get("content");
        for (int i = 0; i < 2; i++) {
            String id = uses.get(i).get("id").asText();
            assertThat(id).matches("^[a-zA-Z0-9_-]+$").hasSizeLessThanOrEqualTo(64);
            assertThat(results.get(i).get("tool_use_id").asText()).isEqualTo(id);
        }
        assertThat(uses.get(0).get("id").asText()).isNotEqualTo(uses.get(1).get("id").asText());
    }

    /** PITFALLS 21: each row of MAPPING §2.5. */
    @Test
    void toolChoiceAndParallelToolCallsAreCarried() {
        String tools = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}},{\"type\":\"function\",\"function\":{\"name\":\"g\"}}]";
        assertThat(body("{" + tools + "}").has("tool_choice")).isFalse();
        assertThat(body("{" + tools + ",\"tool_choice\":\"auto\"}").get("tool_choice")).isEqualTo(request("{\"type\":\"auto\"}"));
        assertThat(body("{" + tools + ",\"tool_choice\":\"none\"}").get("tool_choice")).isEqualTo(request("{\"type\":\"none\"}"));
        assertThat(body("{" + tools + ",\"tool_choice\":\"required\"}").get("tool_choice")).isEqualTo(request("{\"type\":\"any\"}"));
        assertThat(body("{" + tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}}").get("tool_choice"))
                .isEqualTo(request("{\"type\":\"tool\",\"name\":\"f\"}"));
        ObjectNode allowed = body("{" + tools + ",\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"required\","
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"g\"}}]}}}");
        assertThat(allowed.get("tool_choice")).isEqualTo(request("{\"type\":\"any\"}"));
        assertThat(allowed.get("tools")).extracting(t -> t.get("name").asText()).containsExactly("g");
        assertThat(body("{" + tools + ",\"parallel_tool_calls\":false}").get("tool_choice"))
                .isEqualTo(request("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
        assertThat(body("{" + tools + ",\"tool_choice\":\"required\",\"parallel_tool_calls\":false}").get("tool_choice"))
                .isEqualTo(request("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
        // a function without parameters still needs an object schema
        assertThat(body("{" + tools + "}").get("tools").get(1).get("input_schema"))
                .isEqualTo(request("{\"type\":\"object\",\"properties\":{}}"));
    }

    /** PITFALLS 21, our choice: thinking plus a forced tool is refused, naming both parameters. */
    @Test
    void thinkingWithAForcedToolChoiceIsRefused() {
        assertThatThrownBy(() -> body("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"high\","
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"required\"}"))
                .isInstanceOf(TranslationException.class)
                .hasMessageContaining("reasoning_effort").hasMessageContaining("tool choice")
                .extracting("param").isEqualTo("tool_choice");
    }

    /** PITFALLS 22 (request side): the schema goes to output_config, no internal tool is invented. */
    @Test
    void jsonSchemaResponseFormatUsesOutputConfig() {
        ObjectNode body = body("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"lookup\"}}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}}");
        assertThat(body.at("/output_config/format/type").asText()).isEqualTo("json_schema");
        assertThat(body.at("/output_config/format/schema/properties/a/type").asText()).isEqualTo("string");
        assertThat(body.get("tools")).extracting(t -> t.get("name").asText()).containsExactly("lookup");
        assertThat(body.has("tool_choice")).isFalse();
        ObjectNode jsonObject = body("{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"response_format\":{\"type\":\"json_object\"}}");
        assertThat(jsonObject.get("system").get(1).get("text").asText()).contains("JSON object");
    }

    /** PITFALLS 23. */
    @Test
    void severalSystemMessagesArriveInOrder() {
        ObjectNode body = body("{\"messages\":[{\"role\":\"system\",\"content\":\"A\"},{\"role\":\"user\",\"content\":\"u1\"},"
                + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"B\"}]},{\"role\":\"user\",\"content\":\"u2\"}]}");
        assertThat(body.get("system")).isEqualTo(ProviderJson.read(Fixtures.utf8(
                "[{\"type\":\"text\",\"text\":\"A\"},{\"type\":\"text\",\"text\":\"B\"}]")));
        assertThat(body.get("messages")).hasSize(1);
        assertThat(body.get("messages").get(0).get("content")).extracting(b -> b.get("text").asText()).containsExactly("u1", "u2");
    }

    @Test
    void samplingParametersFollowAnthropicRules() {
        ObjectNode hot = body("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":1.7,\"top_p\":0.9,"
                + "\"seed\":4,\"presence_penalty\":1,\"logprobs\":true,\"metadata\":{\"k\":\"v\"},\"n\":1,\"stop\":\"END\"}");
        assertThat(hot.get("temperature").asDouble()).isEqualTo(1.0);
        assertThat(hot.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(hot.get("stop_sequences")).extracting(JsonNode::asText).containsExactly("END");
        assertThat(hot.has("seed") || hot.has("presence_penalty") || hot.has("logprobs") || hot.has("metadata")).isFalse();
        ObjectNode thinking = body("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":0.2,"
                + "\"reasoning_effort\":\"high\",\"max_completion_tokens\":4000}");
        assertThat(thinking.get("thinking").get("budget_tokens").asInt()).isEqualTo(3999);
        assertThat(thinking.has("temperature")).isFalse();
        assertThat(body("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"low\",\"max_tokens\":500}")
                .has("thinking")).isFalse();
    }

    @Test
    void aTrailingAssistantMessageIsForwardedAsPrefill() {
        ObjectNode body = body("{\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"},{\"role\":\"assistant\",\"content\":\"Hi\"}]}");
        assertThat(body.get("messages").get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(body.get("messages").get(1).get("content").get(0).get("text").asText()).isEqualTo("Hi");
    }

    @Test
    void httpsImagesAndPdfFilesBecomeAnthropicBlocks() {
        ObjectNode body = body("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":"
                + "\"https://example.com/cat.png\"}},{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":"
                + "\"data:application/pdf;base64,JVBERi0=\"}}]}]}");
        JsonNode content = body.get("messages").get(0).get("content");
        assertThat(content.get(0).get("source")).isEqualTo(request("{\"type\":\"url\",\"url\":\"https://example.com/cat.png\"}"));
        assertThat(content.get(1).get("type").asText()).isEqualTo("document");
    }

    @Test
    void whatAnthropicCannotTakeIsA400NamingTheField() {
        assertThatThrownBy(() -> body("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}"))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("n");
        assertThatThrownBy(() -> body("{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA\",\"format\":\"wav\"}}]}]}"))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("messages[1].content[0]");
        assertThatThrownBy(() -> body("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\"}}]}]}"))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("messages[0].content[0].file.file_id");
        assertThatThrownBy(() -> body("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"data:image/tiff;base64,AAAA\"}}]}]}"))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("messages[0].content[0].image_url.url");
        assertThatThrownBy(() -> body("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"city\\\":\"}}]}]}"))
                .isInstanceOf(TranslationException.class).extracting("param")
                .isEqualTo("messages[1].tool_calls[0].function.arguments");
        assertThatThrownBy(() -> body("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"custom\",\"custom\":{}}]}"))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("tools[0].type");
        assertThatThrownBy(() -> body("{\"messages\":[]}"))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("messages");
    }
}
