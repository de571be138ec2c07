package io.gatehouse.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import static io.gatehouse.fuzz.Json.NODES;
import static io.gatehouse.fuzz.Json.arrayOf;
import static io.gatehouse.fuzz.Json.bool;
import static io.gatehouse.fuzz.Json.integer;
import static io.gatehouse.fuzz.Json.number;
import static io.gatehouse.fuzz.Json.object;
import static io.gatehouse.fuzz.Json.oneOfText;
import static io.gatehouse.fuzz.Json.textNode;

/**
 * Request bodies in the shapes clients send: OpenAI chat completions and embeddings, Anthropic messages, Gemini
 * {@code generateContent}. Every
 * member a translator reads is here, with its known values and now and then an unknown one; types are the documented
 * ones (wrong types come from {@link Json#mutated}). Tool-call ids come from a small set, so tool results meet calls.
 */
public final class RequestShapes {
    private RequestShapes() {
    }

    private static Gen<JsonNode> model() {
        return oneOfText("gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash", "cfg/gpt-4o", " ");
    }

    private static Gen<JsonNode> callId() {
        return oneOfText("call_1", "call_2", "toolu_01", "call with spaces", "x".repeat(80));
    }

    private static Gen<JsonNode> dataUrl() {
        return oneOfText("data:image/png;base64,iVBORw0KGgo=", "data:image/webp;base64,UklGRg==",
                "data:image/tiff;base64,AAAA", "data:application/pdf;base64,JVBERi0=", "data:image/png,raw",
                "data:image/png;charset=x;base64,AA", "data:", "data:image/png;base64", "https://example.test/a.png",
                "http://127.0.0.1/x.png", "file:///etc/passwd");
    }

    /** A JSON schema as tools and response formats carry it. */
    public static Gen<JsonNode> schema() {
        Gen<JsonNode> property = object().with("type", oneOfText("string", "integer", "number", "boolean",
                        "array", "object", "null"))
                .maybe("description", textNode(), 0.3)
                .maybe("enum", arrayOf(textNode(), 0, 3), 0.2)
                .maybe("format", oneOfText("date-time", "uri", "email"), 0.2)
                .maybe("items", object().with("type", oneOfText("string", "integer")).build(), 0.2)
                .maybe("additionalProperties", bool(), 0.2)
                .build();
        return object().with("type", oneOfText("object"))
                .maybe("properties", object().maybe("city", property, 0.8).maybe("unit", property, 0.5)
                        .maybe("$ref", oneOfText("#/$defs/a"), 0.1).build(), 0.8)
                .maybe("required", arrayOf(oneOfText("city", "unit"), 0, 2), 0.5)
                .maybe("additionalProperties", bool(), 0.3)
                .maybe("$defs", object().maybe("a", property, 0.5).build(), 0.1)
                .build();
    }

    // ---- OpenAI chat completions ----

    private static Gen<JsonNode> openAiPart() {
        Gen<JsonNode> text = object().with("type", NODES.textNode("text")).with("text", textNode()).build();
        Gen<JsonNode> image = object().with("type", NODES.textNode("image_url"))
                .with("image_url", object().with("url", dataUrl()).maybe("detail", oneOfText("auto", "low"), 0.3).build())
                .build();
        Gen<JsonNode> audio = object().with("type", NODES.textNode("input_audio"))
                .with("input_audio", object().with("data", oneOfText("UklGRg==")).maybe("format", oneOfText("wav", "mp3"), 0.7)
                        .build()).build();
        Gen<JsonNode> file = object().with("type", NODES.textNode("file"))
                .with("file", object().maybe("file_data", dataUrl(), 0.8).maybe("file_id", oneOfText("file-1"), 0.2)
                        .maybe("filename", oneOfText("a.pdf"), 0.3).build()).build();
        Gen<JsonNode> refusal = object().with("type", NODES.textNode("refusal")).with("refusal", textNode()).build();
        Gen<JsonNode> unknown = object().with("type", oneOfText("video", "")).build();
        return Gen.<JsonNode>weighted().or(6, text).or(2, image).or(1, audio).or(1, file).or(1, refusal).or(1, unknown);
    }

    private static Gen<JsonNode> openAiContent() {
        return Gen.<JsonNode>weighted().or(3, textNode()).or(2, arrayOf(openAiPart(), 0, 3)).or(1, Gen.constant(NODES.nullNode()));
    }

    private static Gen<JsonNode> arguments() {
        return Gen.<JsonNode>weighted().or(4, oneOfText("{}", "{\"city\":\"Paris\"}", "{\"a\":[1,2,{\"b\":null}]}")).or(1, oneOfText("", "not json", "[1]", "{\"a\":")).or(1, textNode());
    }

    private static Gen<JsonNode> openAiToolCall() {
        return object().with("id", callId()).maybe("type", oneOfText("function"), 0.9)
                .with("function", object().with("name", oneOfText("get_weather", "lookup", ""))
                        .with("arguments", arguments()).build())
                .maybe("extra_content", object().with("google", object().with("thought_signature", textNode()).build())
                        .build(), 0.2)
                .build();
    }

    private static Gen<JsonNode> openAiMessage() {
        Gen<JsonNode> system = object().with("role", oneOfText("system", "developer"))
                .with("content", openAiContent()).build();
        Gen<JsonNode> user = object().with("role", NODES.textNode("user")).with("content", openAiContent())
                .maybe("name", textNode(), 0.1).build();
        Gen<JsonNode> assistant = object().with("role", NODES.textNode("assistant"))
                .maybe("content", openAiContent(), 0.8)
                .maybe("tool_calls", arrayOf(openAiToolCall(), 0, 3), 0.4)
                .maybe("refusal", textNode(), 0.1).build();
        Gen<JsonNode> tool = object().with("role", NODES.textNode("tool")).with("tool_call_id", callId())
                .with("content", openAiContent()).build();
        Gen<JsonNode> other = object().with("role", oneOfText("function", "")).with("content", textNode()).build();
        return Gen.<JsonNode>weighted().or(2, system).or(5, user).or(3, assistant).or(2, tool).or(1, other);
    }

    private static Gen<JsonNode> openAiToolChoice() {
        Gen<JsonNode> function = object().with("type", NODES.textNode("function"))
                .with("function", object().with("name", oneOfText("get_weather", "lookup")).build()).build();
        Gen<JsonNode> allowed = object().with("type", NODES.textNode("allowed_tools"))
                .with("allowed_tools", object().maybe("mode", oneOfText("auto", "required"), 0.8)
                        .with("tools", arrayOf(object().with("type", NODES.textNode("function"))
                                .with("function", object().with("name", oneOfText("get_weather", "lookup")).build())
                                .build(), 0, 2)).build()).build();
        return Gen.oneOf(oneOfText("auto", "none", "required"), function, allowed,
                Gen.constant(NODES.nullNode()));
    }

    public static Gen<JsonNode> openAiChat() {
        Gen<JsonNode> tool = object().maybe("type", oneOfText("function"), 0.9)
                .with("function", object().with("name", oneOfText("get_weather", "lookup"))
                        .maybe("description", textNode(), 0.5).maybe("parameters", schema(), 0.8)
                        .maybe("strict", bool(), 0.3).build()).build();
        Gen<JsonNode> responseFormat = object().with("type", oneOfText("text", "json_object", "json_schema"))
                .maybe("json_schema", object().with("name", textNode()).maybe("schema", schema(), 0.9)
                        .maybe("strict", bool(), 0.5).build(), 0.5).build();
        return object().with("model", model())
                .with("messages", arrayOf(openAiMessage(), 1, 5))
                .maybe("stream", bool(), 0.4)
                .maybe("stream_options", object().maybe("include_usage", bool(), 0.8).build(), 0.3)
                .maybe("tools", arrayOf(tool, 0, 3), 0.3)
                .maybe("tool_choice", openAiToolChoice(), 0.3)
                .maybe("parallel_tool_calls", bool(), 0.2)
                .maybe("response_format", responseFormat, 0.2)
                .maybe("max_tokens", integer(), 0.2)
                .maybe("max_completion_tokens", integer(), 0.2)
                .maybe("n", integer(), 0.1)
                .maybe("temperature", number(), 0.3)
                .maybe("top_p", number(), 0.2)
                .maybe("top_k", integer(), 0.1)
                .maybe("seed", integer(), 0.1)
                .maybe("presence_penalty", number(), 0.1)
                .maybe("frequency_penalty", number(), 0.1)
                .maybe("logprobs", bool(), 0.1)
                .maybe("top_logprobs", integer(), 0.1)
                .maybe("stop", Gen.oneOf(textNode(), arrayOf(textNode(), 0, 3)), 0.2)
                .maybe("reasoning_effort", oneOfText("none", "minimal", "low", "medium", "high", "xhigh"), 0.2)
                .maybe("user", textNode(), 0.1)
                .maybe("safety_identifier", textNode(), 0.1)
                .build();
    }

    public static Gen<JsonNode> openAiEmbeddings() {
        Gen<JsonNode> input = Gen.oneOf(textNode(), arrayOf(textNode(), 0, 4), arrayOf(integer(), 0, 4),
                arrayOf(arrayOf(integer(), 0, 3), 0, 2));
        return object().with("model", model()).with("input", input)
                .maybe("encoding_format", oneOfText("float", "base64"), 0.3)
                .maybe("dimensions", integer(), 0.2).maybe("user", textNode(), 0.1).build();
    }

    // ---- OpenAI Responses ----

    private static Gen<JsonNode> responsesPart() {
        Gen<JsonNode> text = object().with("type", oneOfText("input_text", "output_text")).with("text", textNode()).build();
        Gen<JsonNode> image = object().with("type", NODES.textNode("input_image")).maybe("image_url", dataUrl(), 0.8)
                .maybe("file_id", oneOfText("file-1"), 0.1).maybe("detail", oneOfText("auto", "low"), 0.3).build();
        Gen<JsonNode> file = object().with("type", NODES.textNode("input_file")).maybe("file_data", dataUrl(), 0.8)
                .maybe("filename", oneOfText("a.pdf"), 0.3).build();
        Gen<JsonNode> other = object().with("type", oneOfText("refusal", "input_audio", "")).maybe("refusal", textNode(), 0.5)
                .build();
        return Gen.<JsonNode>weighted().or(6, text).or(2, image).or(1, file).or(1, other);
    }

    private static Gen<JsonNode> responsesItem() {
        Gen<JsonNode> message = object().maybe("type", oneOfText("message"), 0.5)
                .with("role", oneOfText("user", "assistant", "system", "developer", "tool"))
                .with("content", Gen.oneOf(textNode(), arrayOf(responsesPart(), 0, 3))).build();
        Gen<JsonNode> call = object().with("type", NODES.textNode("function_call")).with("call_id", callId())
                .with("name", oneOfText("get_weather", "lookup", "")).with("arguments", arguments()).build();
        Gen<JsonNode> output = object().with("type", NODES.textNode("function_call_output")).with("call_id", callId())
                .with("output", Gen.oneOf(textNode(), arrayOf(responsesPart(), 0, 2))).build();
        Gen<JsonNode> other = object().with("type", oneOfText("reasoning", "item_reference", "web_search_call")).build();
        return Gen.<JsonNode>weighted().or(5, message).or(2, call).or(2, output).or(1, other);
    }

    /** A Responses API request ({@code POST /v1/responses}). */
    public static Gen<JsonNode> openAiResponses() {
        Gen<JsonNode> tool = object().with("type", oneOfText("function", "function", "web_search"))
                .with("name", oneOfText("get_weather", "lookup")).maybe("description", textNode(), 0.5)
                .maybe("parameters", schema(), 0.8).maybe("strict", bool(), 0.3).build();
        Gen<JsonNode> toolChoice = Gen.oneOf(oneOfText("auto", "none", "required"),
                object().with("type", oneOfText("function", "file_search")).maybe("name", oneOfText("get_weather"), 0.8).build());
        Gen<JsonNode> format = object().with("type", oneOfText("text", "json_object", "json_schema", "xml"))
                .maybe("name", textNode(), 0.7).maybe("schema", schema(), 0.7).maybe("strict", bool(), 0.5).build();
        return object().with("model", model())
                .with("input", Gen.oneOf(textNode(), arrayOf(responsesItem(), 0, 5)))
                .maybe("instructions", textNode(), 0.3)
                .maybe("stream", bool(), 0.4)
                .maybe("tools", arrayOf(tool, 0, 3), 0.3)
                .maybe("tool_choice", toolChoice, 0.2)
                .maybe("text", object().maybe("format", format, 0.8).build(), 0.2)
                .maybe("reasoning", object().maybe("effort", oneOfText("low", "medium", "high"), 0.8).build(), 0.2)
                .maybe("max_output_tokens", integer(), 0.2)
                .maybe("temperature", number(), 0.2)
                .maybe("store", bool(), 0.2)
                .maybe("truncation", oneOfText("disabled", "auto"), 0.1)
                .build();
    }

    // ---- Anthropic messages ----

    private static Gen<JsonNode> source() {
        Gen<JsonNode> base64 = object().with("type", NODES.textNode("base64"))
                .with("media_type", oneOfText("image/png", "image/jpeg", "application/pdf", "text/plain"))
                .with("data", oneOfText("iVBORw0KGgo=", "")).build();
        Gen<JsonNode> url = object().with("type", NODES.textNode("url")).with("url", dataUrl()).build();
        return Gen.oneOf(base64, url, object().with("type", oneOfText("file", "text")).build());
    }

    private static Gen<JsonNode> anthropicText() {
        return object().with("type", NODES.textNode("text")).with("text", textNode())
                .maybe("cache_control", object().with("type", oneOfText("ephemeral")).build(), 0.1).build();
    }

    private static Gen<JsonNode> anthropicBlock() {
        Gen<JsonNode> image = object().with("type", NODES.textNode("image")).with("source", source()).build();
        Gen<JsonNode> document = object().with("type", NODES.textNode("document")).with("source", source()).build();
        Gen<JsonNode> toolResult = object().with("type", NODES.textNode("tool_result"))
                .with("tool_use_id", callId())
                .maybe("content", Gen.oneOf(textNode(), arrayOf(Gen.oneOf(anthropicText(), image), 0, 2)), 0.9)
                .maybe("is_error", bool(), 0.1).build();
        Gen<JsonNode> toolUse = object().with("type", NODES.textNode("tool_use")).with("id", callId())
                .with("name", oneOfText("get_weather", "lookup"))
                .with("input", Gen.oneOf(object().maybe("city", textNode(), 0.7).build(), Json.any(1))).build();
        Gen<JsonNode> thinking = object().with("type", oneOfText("thinking", "redacted_thinking"))
                .maybe("thinking", textNode(), 0.8).maybe("signature", textNode(), 0.8).maybe("data", textNode(), 0.2)
                .build();
        Gen<JsonNode> unknown = object().with("type", oneOfText("server_tool_use", "search_result", "")).build();
        return Gen.<JsonNode>weighted().or(6, anthropicText()).or(2, image).or(1, document).or(2, toolResult).or(2, toolUse).or(1, thinking).or(1, unknown);
    }

    public static Gen<JsonNode> anthropicMessages() {
        Gen<JsonNode> message = object().with("role", oneOfText("user", "assistant"))
                .with("content", Gen.oneOf(textNode(), arrayOf(anthropicBlock(), 0, 3))).build();
        Gen<JsonNode> tool = object().with("name", oneOfText("get_weather", "lookup"))
                .maybe("description", textNode(), 0.5).maybe("input_schema", schema(), 0.9)
                .maybe("type", oneOfText("custom", "web_search_20250305"), 0.2).maybe("strict", bool(), 0.2)
                .maybe("cache_control", object().with("type", oneOfText("ephemeral")).build(), 0.1).build();
        Gen<JsonNode> toolChoice = object().with("type", oneOfText("auto", "any", "none", "tool"))
                .maybe("name", oneOfText("get_weather", "lookup"), 0.5)
                .maybe("disable_parallel_tool_use", bool(), 0.3).build();
        return object().with("model", model())
                .maybe("max_tokens", integer(), 0.9)
                .with("messages", arrayOf(message, 1, 5))
                .maybe("system", Gen.oneOf(textNode(), arrayOf(anthropicText(), 0, 2)), 0.4)
                .maybe("tools", arrayOf(tool, 0, 3), 0.3)
                .maybe("tool_choice", toolChoice, 0.2)
                .maybe("stop_sequences", arrayOf(textNode(), 0, 3), 0.2)
                .maybe("temperature", number(), 0.3)
                .maybe("top_p", number(), 0.2)
                .maybe("top_k", integer(), 0.1)
                .maybe("metadata", object().maybe("user_id", textNode(), 0.8).build(), 0.1)
                .maybe("thinking", object().with("type", oneOfText("enabled", "disabled"))
                        .maybe("budget_tokens", integer(), 0.8).build(), 0.1)
                .maybe("stream", bool(), 0.4)
                .build();
    }

    // ---- Gemini generateContent ----

    private static Gen<JsonNode> geminiPart() {
        Gen<JsonNode> text = object().with("text", textNode()).maybe("thought", bool(), 0.1).build();
        Gen<JsonNode> inline = object().with("inlineData", object()
                .with("mimeType", oneOfText("image/png", "audio/mpeg", "application/pdf", "text/plain", ""))
                .with("data", oneOfText("iVBORw0KGgo=", "")).build()).build();
        Gen<JsonNode> call = object().with("functionCall", object().maybe("id", callId(), 0.4)
                        .with("name", oneOfText("get_weather", "lookup"))
                        .maybe("args", Gen.oneOf(object().maybe("city", textNode(), 0.7).build(), Json.any(1)), 0.9).build())
                .maybe("thoughtSignature", textNode(), 0.3).build();
        Gen<JsonNode> response = object().with("functionResponse", object().maybe("id", callId(), 0.4)
                .with("name", oneOfText("get_weather", "lookup"))
                .maybe("response", Gen.oneOf(object().maybe("temp", number(), 0.7).build(), Json.any(1)), 0.9).build())
                .build();
        Gen<JsonNode> unknown = object().maybe("fileData", object().with("fileUri", textNode()).build(), 0.5)
                .maybe("executableCode", object().build(), 0.3).build();
        return Gen.<JsonNode>weighted().or(6, text).or(1, inline).or(2, call).or(2, response).or(1, unknown);
    }

    public static Gen<JsonNode> geminiGenerate() {
        Gen<JsonNode> turn = object().maybe("role", oneOfText("user", "model", "function", "system"), 0.9)
                .with("parts", arrayOf(geminiPart(), 0, 3)).build();
        Gen<JsonNode> declaration = object().with("name", oneOfText("get_weather", "lookup"))
                .maybe("description", textNode(), 0.5)
                .maybe("parameters", schema(), 0.6).maybe("parametersJsonSchema", schema(), 0.2).build();
        Gen<JsonNode> tool = Gen.oneOf(object().with("functionDeclarations", arrayOf(declaration, 0, 2)).build(),
                object().with("googleSearch", object().build()).build());
        Gen<JsonNode> config = object().maybe("temperature", number(), 0.3).maybe("topP", number(), 0.2)
                .maybe("topK", integer(), 0.1).maybe("maxOutputTokens", integer(), 0.4)
                .maybe("candidateCount", integer(), 0.1).maybe("stopSequences", arrayOf(textNode(), 0, 2), 0.2)
                .maybe("responseMimeType", oneOfText("application/json", "text/plain"), 0.2)
                .maybe("responseSchema", schema(), 0.1).maybe("seed", integer(), 0.1).build();
        Gen<JsonNode> toolConfig = object().with("functionCallingConfig", object()
                .with("mode", oneOfText("AUTO", "ANY", "NONE", "VALIDATED", "other"))
                .maybe("allowedFunctionNames", arrayOf(oneOfText("get_weather", "lookup"), 0, 2), 0.4).build()).build();
        return object().with("contents", arrayOf(turn, 0, 5))
                .maybe("systemInstruction", object().with("parts", arrayOf(geminiPart(), 0, 2)).build(), 0.4)
                .maybe("tools", arrayOf(tool, 0, 2), 0.3)
                .maybe("toolConfig", toolConfig, 0.2)
                .maybe("generationConfig", config, 0.5)
                .maybe("cachedContent", textNode(), 0.05)
                .build();
    }
}
