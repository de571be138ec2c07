package io.gatehouse.provider.gemini;

import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.UnexpectedAnswer;
import io.gatehouse.provider.Usage;

import java.time.Clock;

/**
 * Gemini {@code GenerateContentResponse} → OpenAI {@code chat.completion} (MAPPING §3): one choice per candidate,
 * text of non-thought parts joined ({@code null} when none), each {@code functionCall} a tool call (id from Gemini or
 * minted, arguments as JSON text, signature as {@code extra_content.google.thought_signature}); a candidate that
 * finished without content still has its choice (PITFALLS 11); a blocked prompt is {@code content_filter}. A body
 * with neither a candidate that says anything nor a block reason ({@code {}}, an error object) is an
 * {@link UnexpectedAnswer}.
 */
public final class GeminiToOpenAiResponse {
    private final Clock clock;
    private final IdGenerator ids;

    public GeminiToOpenAiResponse(Clock clock, IdGenerator ids) {
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * @param requestedModel used when the response names no {@code modelVersion}
     */
    public byte[] translate(byte[] geminiResponse, String requestedModel) {
        GeminiResponse response = GeminiResponse.read(geminiResponse);
        if (!response.isAnswer()) {
            throw new UnexpectedAnswer("The answer is not a Gemini response: no candidate and no block reason.");
        }
        JsonOut out = new JsonOut(512);
        out.raw("{\"id\":").string(response.responseId != null ? "chatcmpl-" + response.responseId : ids.next("chatcmpl-"))
                .raw(",\"object\":\"chat.completion\",\"created\":").number(clock.instant().getEpochSecond())
                .raw(",\"model\":").string(response.modelVersion != null ? response.modelVersion : requestedModel)
                .raw(",\"choices\":[");
        if (response.candidates.isEmpty()) {
            // the prompt itself was blocked (promptFeedback.blockReason)
            out.raw("{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":")
                    .string(response.blockReason != null ? "content_filter" : "stop").raw("}");
        }
        for (int c = 0; c < response.candidates.size(); c++) {
            choice(out.raw(c == 0 ? "" : ","), response.candidates.get(c));
        }
        out.raw("]");
        Usage usage = response.usage();
        if (usage != null) {
            out.raw(",\"usage\":");
            usage.writeOpenAi(out);
        }
        out.raw("}");
        return out.take();
    }

    /** The usage of a Gemini response body, in OpenAI's terms. */
    public static Usage usage(byte[] geminiResponse) {
        return GeminiResponse.read(geminiResponse).usage();
    }

    private void choice(JsonOut out, GeminiResponse.Candidate candidate) {
        StringBuilder text = null;
        JsonOut calls = new JsonOut(128);
        int callCount = 0;
        for (GeminiResponse.Part part : candidate.parts()) {
            if (part.isCall()) {
                calls.raw(callCount++ == 0 ? "" : ",")
                        .raw("{\"id\":").string(part.callId() != null ? part.callId() : ids.next("call_"))
                        .raw(",\"type\":\"function\",\"function\":{\"name\":").string(part.callName())
                        .raw(",\"arguments\":").string(part.callArguments()).raw("}");
                if (part.signature() != null) {
                    calls.raw(",\"extra_content\":{\"google\":{\"thought_signature\":").string(part.signature()).raw("}}");
                }
                calls.raw("}");
            } else if (part.text() != null && !part.thought()) {
                text = (text == null ? new StringBuilder() : text).append(part.text());
            }
        }
        out.raw("{\"index\":").number(candidate.index())
                .raw(",\"message\":{\"role\":\"assistant\",\"content\":").string(text == null ? null : text.toString());
        if (callCount > 0) {
            out.raw(",\"tool_calls\":[").raw(calls.take()).raw("]");
        }
        String finish = candidate.finishReason() == null ? "stop" : candidate.finishReason();
        out.raw("},\"finish_reason\":").string(FinishReasons.toOpenAi(finish, callCount > 0)).raw("}");
    }
}
