package io.gatehouse.testing.fake;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake Gemini's {@code generateContent}, {@code streamGenerateContent?alt=sse} (data-only SSE chunks, cumulative
 * {@code usageMetadata}, no terminal event) and {@code batchEmbedContents}. Answers are text (31 tokens in, 6 out), or
 * a {@code functionCall} of the first declared function with {@code {"city":"Paris"}} (and a {@code thoughtSignature})
 * when tools are offered.
 */
final class GeminiAnswers {
    static final String TEXT = "Hello from fake Gemini.";

    private GeminiAnswers() {
    }

    /** {@code cached}: the part of the 31 prompt tokens answers report as cached content (0: none). */
    static FakeProvider.Answer generate(FakeProvider.Recorded r, boolean stream, Duration gap, String text, long cached) {
        JsonNode body = FakeProvider.json(r);
        String model = r.path().replaceAll("^.*/models/([^:]+):.*$", "$1");
        String tool = body.path("tools").path(0).path("functionDeclarations").path(0).path("name").asText(null);
        String cachedCount = cached == 0 ? "" : ",\"cachedContentTokenCount\":" + cached;
        String usage = "\"usageMetadata\":{\"promptTokenCount\":31,\"candidatesTokenCount\":6,\"totalTokenCount\":37" + cachedCount
                + "},\"modelVersion\":\"" + model + "\"";
        String finalParts = tool == null ? "[{\"text\":" + FakeProvider.quote(stream ? "fake Gemini." : text) + "}]"
                : "[{\"functionCall\":{\"name\":\"" + tool + "\",\"args\":{\"city\":\"Paris\"}},\"thoughtSignature\":\""
                + FakeGemini.SIGNATURE + "\"}]";
        String last = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":" + finalParts + "},\"finishReason\":\"STOP\",\"index\":0}]," + usage + "}";
        if (!stream) {
            return FakeProvider.Answer.json(200, last);
        }
        List<String> frames = new ArrayList<>();
        frames.add("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + (tool == null ? "Hello from " : "Checking.")
                + "\"}]},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":31,\"candidatesTokenCount\":2,\"totalTokenCount\":33" + cachedCount
                + "},\"modelVersion\":\"" + model + "\"}\r\n\r\n");
        frames.add("data: " + last + "\r\n\r\n");
        return FakeProvider.Answer.chunked(200, "text/event-stream", frames, gap);
    }

    static FakeProvider.Answer embed(FakeProvider.Recorded r) {
        JsonNode requests = FakeProvider.json(r).path("requests");
        StringBuilder out = new StringBuilder("{\"embeddings\":[");
        for (int i = 0; i < requests.size(); i++) {
            out.append(i == 0 ? "" : ",").append("{\"values\":[0.125,-0.5,").append(i).append(".0]}");
        }
        return FakeProvider.Answer.json(200, out.append("]}").toString());
    }
}
