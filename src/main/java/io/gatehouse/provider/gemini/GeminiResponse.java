package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.Usage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code GenerateContentResponse} (a whole response, or one SSE chunk of a stream), read with a streaming
 * parser: only the fields the translation uses. Function-call arguments are copied as compact JSON text.
 */
final class GeminiResponse {

    record Part(String text, boolean thought, String callName, String callId, String callArguments, String signature) {
        boolean isCall() {
            return callName != null;
        }
    }

    record Candidate(int index, List<Part> parts, String finishReason) {
    }

    String responseId;
    String modelVersion;
    String blockReason;
    boolean error;
    final List<Candidate> candidates = new ArrayList<>(1);
    private Long promptTokens;
    private long candidatesTokens;
    private Long totalTokens;
    private Long thoughtsTokens;
    private long cachedTokens;
    private long toolUsePromptTokens;

    static GeminiResponse read(byte[] data) {
        GeminiResponse response = new GeminiResponse();
        try (JsonParser parser = ProviderJson.parser(data)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                first = parser.nextToken(); // a one-element array, as Gemini sometimes wraps bodies
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalStateException("response is not an object");
            }
            response.readTop(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return response;
    }

    /**
     * Whether this is an answer at all: a blocked prompt, or a candidate with parts or a finish reason (an empty
     * candidate that finished is an answer; {@code {}} or an error object is not).
     */
    boolean isAnswer() {
        if (error) {
            return false;
        }
        return blockReason != null
                || candidates.stream().anyMatch(c -> !c.parts().isEmpty() || c.finishReason() != null);
    }

    /** OpenAI-convention usage; {@code null} when the response had no {@code usageMetadata}. */
    Usage usage() {
        if (promptTokens == null) {
            return null;
        }
        long thoughts = thoughtsTokens == null ? 0 : thoughtsTokens;
        boolean implausible = Usage.outOfRange(promptTokens) || Usage.outOfRange(toolUsePromptTokens)
                || Usage.outOfRange(candidatesTokens) || Usage.outOfRange(thoughts);
        long prompt = Usage.clamp(promptTokens) + Usage.clamp(toolUsePromptTokens);
        long completion = Usage.clamp(candidatesTokens) + Usage.clamp(thoughts);
        return new Usage(prompt, completion, totalTokens != null ? totalTokens : prompt + completion, cachedTokens,
                null, thoughtsTokens, implausible);
    }

    private void readTop(JsonParser parser) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "responseId" -> responseId = parser.getValueAsString();
                case "modelVersion" -> modelVersion = parser.getValueAsString();
                case "error" -> {
                    error = true;
                    parser.skipChildren();
                }
                case "candidates" -> {
                    if (value == JsonToken.START_ARRAY) {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            candidates.add(readCandidate(parser));
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                case "usageMetadata" -> readUsage(parser, value);
                case "promptFeedback" -> readFeedback(parser, value);
                default -> parser.skipChildren();
            }
        }
    }

    private static Candidate readCandidate(JsonParser parser) throws IOException {
        int index = 0;
        String finishReason = null;
        List<Part> parts = new ArrayList<>(2);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "index" -> index = parser.getValueAsInt(0);
                case "finishReason" -> finishReason = parser.getValueAsString();
                case "content" -> {
                    if (value != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        continue;
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String member = parser.currentName();
                        JsonToken memberValue = parser.nextToken();
                        if (member.equals("parts") && memberValue == JsonToken.START_ARRAY) {
                            while (parser.nextToken() == JsonToken.START_OBJECT) {
                                parts.add(readPart(parser));
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new Candidate(index, parts, finishReason);
    }

    private static Part readPart(JsonParser parser) throws IOException {
        String text = null;
        boolean thought = false;
        String callName = null;
        String callId = null;
        String callArguments = null;
        String signature = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "text" -> text = parser.getValueAsString();
                case "thought" -> thought = value == JsonToken.VALUE_TRUE;
                case "thoughtSignature" -> signature = parser.getValueAsString();
                case "functionCall" -> {
                    if (value != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        continue;
                    }
                    callArguments = "{}";
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String member = parser.currentName();
                        JsonToken memberValue = parser.nextToken();
                        switch (member) {
                            case "name" -> callName = parser.getValueAsString();
                            case "id" -> callId = parser.getValueAsString();
                            case "args" -> callArguments = memberValue == JsonToken.START_OBJECT ? copy(parser) : "{}";
                            default -> parser.skipChildren();
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new Part(text, thought, callName, callId, callArguments, signature);
    }

    private static String copy(JsonParser parser) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (JsonGenerator generator = ProviderJson.FACTORY.createGenerator(bytes)) {
            generator.copyCurrentStructure(parser);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void readUsage(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        promptTokens = 0L;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "promptTokenCount" -> promptTokens = parser.getValueAsLong();
                case "candidatesTokenCount" -> candidatesTokens = parser.getValueAsLong();
                case "totalTokenCount" -> totalTokens = parser.getValueAsLong();
                case "thoughtsTokenCount" -> thoughtsTokens = parser.getValueAsLong();
                case "cachedContentTokenCount" -> cachedTokens = parser.getValueAsLong();
                case "toolUsePromptTokenCount" -> toolUsePromptTokens = parser.getValueAsLong();
                default -> parser.skipChildren();
            }
        }
    }

    private void readFeedback(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (name.equals("blockReason")) {
                blockReason = parser.getValueAsString();
            } else {
                parser.skipChildren();
            }
        }
    }
}
