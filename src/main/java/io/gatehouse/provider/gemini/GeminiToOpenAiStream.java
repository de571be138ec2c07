package io.gatehouse.provider.gemini;

import io.gatehouse.provider.ChatChunkWriter;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.Usage;

import java.time.Clock;
import java.util.Arrays;

/**
 * Gemini {@code streamGenerateContent?alt=sse} → OpenAI {@code chat.completion.chunk} stream (MAPPING §4.5). Each
 * chunk is a whole response: text parts become content deltas, each {@code functionCall} one complete tool-call delta
 * numbered by a per-choice counter across the stream (PITFALLS 1), {@code finishReason} the finish chunk
 * ({@code STOP} with calls → {@code tool_calls}). Gemini has no terminal event: when the upstream body ends after
 * a finish reason, {@link #finish()} writes the usage chunk (if asked) and {@code [DONE]}; an end before any finish
 * reason is a cut stream. A {@code data: {"error":…}} chunk becomes an OpenAI error frame.
 */
public final class GeminiToOpenAiStream extends SseStreamTranslator {
    /**
     * Far more candidates than Gemini returns (it allows 8): the per-candidate state is sized by the index, so a
     * frame with a larger one is unreadable rather than a reason to allocate gigabytes.
     */
    private static final int MAX_CANDIDATES = 256;

    private final boolean clientWantsUsage;
    private final Clock clock;
    private final IdGenerator ids;
    private final String requestedModel;
    private ChatChunkWriter chunks;
    private boolean[] roleSent = new boolean[1];
    private boolean[] sawCall = new boolean[1];
    private boolean[] finished = new boolean[1];
    private int[] nextTool = new int[1];
    private boolean anyFinished;

    /**
     * @param requestedModel the model named in the chunks when Gemini gives no {@code modelVersion}
     */
    public GeminiToOpenAiStream(boolean clientWantsUsage, Clock clock, IdGenerator ids, String requestedModel) {
        this.clientWantsUsage = clientWantsUsage;
        this.clock = clock;
        this.ids = ids;
        this.requestedModel = requestedModel;
    }

    @Override
    protected void onFrame(String event, byte[] frame, int length) {
        byte[] data = Arrays.copyOf(frame, length);
        GeminiResponse chunk = GeminiResponse.read(data);
        if (chunk.error) {
            fail(StreamEnd.UPSTREAM_ERROR, GeminiErrors.mapStreamError(data));
            return;
        }
        if (chunks == null) {
            chunks = new ChatChunkWriter(chunk.responseId != null ? "chatcmpl-" + chunk.responseId : ids.next("chatcmpl-"),
                    clock.instant().getEpochSecond(), chunk.modelVersion != null ? chunk.modelVersion : requestedModel,
                    clientWantsUsage);
        }
        Usage chunkUsage = chunk.usage();
        if (chunkUsage != null) {
            usage(chunkUsage); // cumulative: the last one is the final one
        }
        if (chunk.candidates.isEmpty() && chunk.blockReason != null) {
            role(0);
            finish(0, "content_filter");
        }
        for (GeminiResponse.Candidate candidate : chunk.candidates) {
            candidate(candidate);
        }
    }

    @Override
    protected void onUpstreamEnd() {
        if (!anyFinished) {
            super.onUpstreamEnd();
            return;
        }
        chunks.usage(out, usage());
        chunks.done(out);
        complete();
    }

    private void candidate(GeminiResponse.Candidate candidate) {
        int c = candidate.index();
        if (c < 0 || c >= MAX_CANDIDATES) {
            throw new IllegalStateException("candidate index " + c + " out of range");
        }
        grow(c);
        if (finished[c]) {
            return;
        }
        role(c);
        for (GeminiResponse.Part part : candidate.parts()) {
            if (part.isCall()) {
                sawCall[c] = true;
                chunks.toolCallStart(out, c, nextTool[c]++, part.callId() != null ? part.callId() : ids.next("call_"),
                        part.callName(), part.callArguments(), part.signature());
            } else if (part.text() != null && !part.text().isEmpty() && !part.thought()) {
                chunks.content(out, c, part.text());
            }
        }
        if (candidate.finishReason() != null) {
            finish(c, FinishReasons.toOpenAi(candidate.finishReason(), sawCall[c]));
        }
    }

    private void role(int c) {
        grow(c);
        if (!roleSent[c]) {
            roleSent[c] = true;
            chunks.role(out, c);
        }
    }

    private void finish(int c, String finishReason) {
        finished[c] = true;
        anyFinished = true;
        chunks.finish(out, c, finishReason);
    }

    private void grow(int c) {
        if (c >= roleSent.length) {
            int size = c + 1;
            roleSent = Arrays.copyOf(roleSent, size);
            sawCall = Arrays.copyOf(sawCall, size);
            finished = Arrays.copyOf(finished, size);
            nextTool = Arrays.copyOf(nextTool, size);
        }
    }
}
