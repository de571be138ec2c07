package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.policy.ModelText;
import io.gatehouse.policy.detect.TextNormalizer;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.gemini.GeminiIngress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The one place that says which text of a request or a non-streaming answer policies read — every ingress goes
 * through {@link #request} (a new {@link Api} does not compile until it has a case here) — as slots in the JSON tree
 * that can be read and rewritten one by one (redaction touches these strings and nothing else). What the model
 * reads is read:
 * <ul>
 * <li>OpenAI chat: message content (strings, {@code text} and {@code refusal} parts, {@code file} parts whose data is
 *     text), {@code refusal}, {@code reasoning_content}, {@code name}, tool-call and function-call arguments; tool and
 *     function descriptions and parameter schemas (every string and property name: descriptions, enum values,
 *     defaults), the {@code response_format} schema, {@code prediction};</li>
 * <li>Anthropic messages: {@code system}, {@code text} and {@code thinking} blocks, {@code tool_use} input (every
 *     string and key), {@code tool_result} contents, {@code document} blocks (text, base64 text, content blocks, title,
 *     context), {@code search_result} blocks; tool descriptions and input schemas;</li>
 * <li>Gemini-native: {@code systemInstruction} and turn {@code text} parts (thought parts too), {@code functionCall}
 *     arguments and {@code functionResponse} values (every string and key), function declarations' descriptions and
 *     parameter schemas, the response schema; a count reads the request it counts;</li>
 * <li>embeddings: the input strings (Gemini's: the contents' text parts);</li>
 * <li>the Responses API: read in its chat completions form ({@link Api#readAs}), requests and answers alike;</li>
 * <li>answers: OpenAI message content, {@code refusal}, {@code reasoning_content} and tool-call arguments; Anthropic
 *     {@code text}, {@code thinking} and {@code tool_use} blocks; Gemini candidates' text parts and function-call
 *     arguments.</li>
 * </ul>
 * Base64 documents are read decoded when they decode to text (and re-encoded when masked); images, audio and binary
 * documents (PDF) are not read. The slots form a {@link ModelText}: the parts of one message follow each other without
 * a boundary, so a value split across them is read whole.
 */
final class PolicyText {
    /** A string somewhere in the tree. */
    private interface Slot {
        String text();

        void write(String text);
    }

    private record Field(ObjectNode holder, String name) implements Slot {
        @Override
        public String text() {
            return holder.get(name).asText();
        }

        @Override
        public void write(String text) {
            holder.put(name, text);
        }
    }

    private record Element(ArrayNode array, int index) implements Slot {
        @Override
        public String text() {
            return array.get(index).asText();
        }

        @Override
        public void write(String text) {
            array.set(index, ProviderJson.NODES.textNode(text));
        }
    }

    /** A property name (of a schema or tool input), renamed in place keeping the order of the properties. */
    private record Key(ObjectNode holder, String name) implements Slot {
        @Override
        public String text() {
            return name;
        }

        @Override
        public void write(String text) {
            List<Map.Entry<String, JsonNode>> properties = new ArrayList<>(holder.properties());
            holder.removeAll();
            properties.forEach(p -> holder.set(p.getKey().equals(name) ? text : p.getKey(), p.getValue()));
        }
    }

    /** A field holding base64 text (after a {@code data:…;base64,} prefix, if any): read decoded, written re-encoded. */
    private record Encoded(Field field, String prefix, String decoded) implements Slot {
        @Override
        public String text() {
            return decoded;
        }

        @Override
        public void write(String text) {
            field.write(prefix + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private final List<Boolean> continues = new ArrayList<>();

    private PolicyText() {
    }

    /** The text as the model reads it. */
    ModelText text() {
        return new ModelText(slots.stream().map(Slot::text).toList(), continues);
    }

    /**
     * Rewrites slot {@code slot}. Callers rewrite from the last slot to the first: a property name is renamed only
     * after the slots inside its value were written.
     */
    void replace(int slot, String text) {
        slots.get(slot).write(text);
    }

    /** The slots of a client request on {@code api}. */
    static PolicyText request(Api api, JsonNode body) {
        PolicyText text = new PolicyText();
        return switch (api) {
            case CHAT -> text.openAiRequest(body);
            case RESPONSES -> throw new IllegalStateException("the Responses API is read in its chat form (Api.readAs)");
            case ANTHROPIC_MESSAGES, ANTHROPIC_COUNT_TOKENS -> text.anthropicRequest(body);
            case EMBEDDINGS -> text.embeddings(body);
            case GEMINI_GENERATE, GEMINI_STREAM -> text.geminiRequest(body);
            case GEMINI_COUNT_TOKENS -> text.geminiRequest(GeminiIngress.counted(body));
            case GEMINI_EMBED -> text.geminiParts(body.path("content").path("parts"));
            case GEMINI_BATCH_EMBED -> {
                for (JsonNode request : body.path("requests")) {
                    text.geminiParts(request.path("content").path("parts"));
                }
                yield text;
            }
            case MODELS, ANTHROPIC_MODELS, GEMINI_MODELS, STORED_RESPONSE -> throw new IllegalStateException(api.path + " has no text");
        };
    }

    /** Whether the answer on {@code api} is text the model wrote (not vectors or a token count). */
    static boolean answerHasText(Api endpoint) {
        Api api = endpoint.readAs();
        return api == Api.CHAT || api == Api.ANTHROPIC_MESSAGES || api == Api.GEMINI_GENERATE || api == Api.GEMINI_STREAM;
    }

    /** The slots of a non-streaming answer in the client's format. */
    static PolicyText answer(Api api, JsonNode body) {
        PolicyText text = new PolicyText();
        if (api.dialect == ClientDialect.GOOGLE) {
            for (JsonNode candidate : body.path("candidates")) {
                text.geminiParts(candidate.path("content").path("parts"));
            }
        } else if (api == Api.ANTHROPIC_MESSAGES) {
            text.anthropicContent(body, "content");
        } else {
            for (JsonNode choice : body.path("choices")) {
                text.openAiMessage(choice.path("message"));
            }
        }
        return text;
    }

    private PolicyText openAiRequest(JsonNode body) {
        for (JsonNode message : body.path("messages")) {
            openAiMessage(message);
            field(message, "name", false);
        }
        for (JsonNode tool : body.path("tools")) {
            function(tool.path("function"));
        }
        for (JsonNode function : body.path("functions")) {
            function(function);
        }
        strings(body.path("response_format").path("json_schema"));
        openAiContent(body.path("prediction"));
        return this;
    }

    private void openAiMessage(JsonNode message) {
        openAiContent(message);
        field(message, "refusal", false);
        field(message, "reasoning_content", false);
        for (JsonNode call : message.path("tool_calls")) {
            field(call.path("function"), "arguments", false);
        }
        field(message.path("function_call"), "arguments", false);
    }

    private void function(JsonNode function) {
        field(function, "description", false);
        strings(function.path("parameters"));
    }

    /** A message's (or prediction's) content: a string, or parts read as one text. */
    private void openAiContent(JsonNode message) {
        if (message.path("content").isTextual()) {
            field(message, "content", false);
            return;
        }
        boolean afterText = false;
        for (JsonNode part : message.path("content")) {
            String type = part.path("type").asText();
            switch (type) {
                case "text" -> field(part, "text", afterText);
                case "refusal" -> field(part, "refusal", false);
                case "file" -> {
                    field(part.path("file"), "filename", false);
                    encoded(part.path("file"), "file_data");
                }
                default -> { }
            }
            afterText = type.equals("text");
        }
    }

    private PolicyText anthropicRequest(JsonNode body) {
        anthropicContent(body, "system");
        for (JsonNode message : body.path("messages")) {
            anthropicContent(message, "content");
        }
        for (JsonNode tool : body.path("tools")) {
            field(tool, "description", false);
            strings(tool.path("input_schema"));
        }
        return this;
    }

    /** A string, or blocks: consecutive text blocks read as one text, every other readable block on its own. */
    private void anthropicContent(JsonNode holder, String field) {
        JsonNode content = holder.path(field);
        if (content.isTextual()) {
            field(holder, field, false);
            return;
        }
        boolean afterText = false;
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            switch (type) {
                case "text" -> field(block, "text", afterText);
                case "thinking" -> field(block, "thinking", false);
                case "tool_use" -> strings(block.path("input"));
                case "tool_result" -> anthropicContent(block, "content");
                case "document" -> document(block);
                case "search_result" -> {
                    field(block, "title", false);
                    anthropicContent(block, "content");
                }
                default -> { }
            }
            afterText = type.equals("text");
        }
    }

    private void document(JsonNode block) {
        field(block, "title", false);
        field(block, "context", false);
        JsonNode source = block.path("source");
        switch (source.path("type").asText()) {
            case "text" -> field(source, "data", false);
            case "base64" -> encoded(source, "data");
            case "content" -> anthropicContent(source, "content");
            default -> { }
        }
    }

    private PolicyText geminiRequest(JsonNode body) {
        geminiParts(body.path("systemInstruction").path("parts"));
        for (JsonNode turn : body.path("contents")) {
            geminiParts(turn.path("parts"));
        }
        for (JsonNode tool : body.path("tools")) {
            for (JsonNode function : tool.path("functionDeclarations")) {
                field(function, "description", false);
                strings(function.path("parameters"));
                strings(function.path("parametersJsonSchema"));
            }
        }
        strings(body.path("generationConfig").path("responseSchema"));
        strings(body.path("generationConfig").path("responseJsonSchema"));
        return this;
    }

    /** Gemini parts: consecutive text parts read as one text; function calls' and responses' values each on their own. */
    private PolicyText geminiParts(JsonNode parts) {
        boolean afterText = false;
        for (JsonNode part : parts) {
            boolean text = part.path("text").isTextual();
            if (text) {
                field(part, "text", afterText);
            }
            strings(part.path("functionCall").path("args"));
            strings(part.path("functionResponse").path("response"));
            afterText = text;
        }
        return this;
    }

    private PolicyText embeddings(JsonNode body) {
        if (body.path("input").isTextual()) {
            field(body, "input", false);
        } else if (body.path("input") instanceof ArrayNode inputs) {
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).isTextual()) {
                    add(new Element(inputs, i), false);
                }
            }
        }
        return this;
    }

    /** Every string and property name in a JSON value (a schema, a tool's input), each on its own. */
    private void strings(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                add(new Key(object, property.getKey()), false);
                if (property.getValue().isTextual()) {
                    add(new Field(object, property.getKey()), false);
                } else {
                    strings(property.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    add(new Element(array, i), false);
                } else {
                    strings(array.get(i));
                }
            }
        }
    }

    /** A field holding a document as base64 or a base64 data URL: read when it decodes to text. */
    private void encoded(JsonNode holder, String name) {
        if (!(holder instanceof ObjectNode object) || !object.path(name).isTextual()) {
            return;
        }
        String value = object.get(name).asText();
        int comma = value.startsWith("data:") ? value.indexOf(";base64,") : -1;
        String prefix = comma < 0 ? "" : value.substring(0, comma + ";base64,".length());
        String decoded = TextNormalizer.base64Text(value.substring(prefix.length()));
        if (decoded != null) {
            add(new Encoded(new Field(object, name), prefix, decoded), false);
        }
    }

    private void field(JsonNode holder, String name, boolean continuesPrevious) {
        if (holder instanceof ObjectNode object && object.path(name).isTextual()) {
            add(new Field(object, name), continuesPrevious);
        }
    }

    private void add(Slot slot, boolean continuesPrevious) {
        slots.add(slot);
        continues.add(continuesPrevious);
    }
}
