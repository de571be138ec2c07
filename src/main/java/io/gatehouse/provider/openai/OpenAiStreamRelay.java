package io.gatehouse.provider.openai;

import io.gatehouse.provider.JsonSplice;
import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.StreamEnd;

import java.util.Arrays;


/**
 * Relays an OpenAI-type upstream stream to an OpenAI client chunk by chunk. Gatehouse always asks the upstream for
 * usage; when the client did not, the extra {@code choices: []} usage chunk is dropped and {@code usage} keys are
 * cut out of the other chunks (byte splices, the rest of each chunk untouched), while the usage is kept for metering
 * (MAPPING §4.7). Upstream error frames pass through (scrubbed of the credential) and end the stream; an upstream that closes without
 * {@code [DONE]} after every choice finished gets its {@code [DONE]}, one that closes earlier gets an error frame.
 */
public final class OpenAiStreamRelay extends SseStreamTranslator {
    private final boolean clientWantsUsage;
    private final OpenAiChunkEnvelope chunk = new OpenAiChunkEnvelope();
    private boolean sawFinish;

    public OpenAiStreamRelay(boolean clientWantsUsage) {
        this.clientWantsUsage = clientWantsUsage;
    }

    @Override
    protected void onFrame(String event, byte[] data, int length) {
        if (OpenAiChunk.isDone(data, length)) {
            out.raw("data: [DONE]\n\n");
            complete();
            return;
        }
        chunk.read(data, length);
        if (chunk.error) {
            out.raw("data: ");
            writeUpstreamError(data, length);
            out.raw("\n\n");
            stop(StreamEnd.UPSTREAM_ERROR, OpenAiErrors.mapStreamError(Arrays.copyOf(data, length)));
            return;
        }
        if (chunk.usage != null) {
            usage(chunk.usage);
        }
        sawFinish |= chunk.anyChoiceFinished;
        if (clientWantsUsage || chunk.usageNameStart < 0) {
            out.raw("data: ").dataLines(data, 0, length).raw("\n\n");
        } else if (!chunk.emptyChoices) {
            JsonSplice.Span cut = JsonSplice.memberSpan(data, length, chunk.usageNameStart, chunk.usageValueEnd);
            out.raw("data: ").dataLines(data, 0, cut.start()).dataLines(data, cut.end(), length - cut.end())
                    .raw("\n\n");
        }
        // else: the usage-only chunk the client did not ask for — metered, not forwarded.
    }

    @Override
    protected void onUpstreamEnd() {
        if (sawFinish) {
            out.raw("data: [DONE]\n\n");
            complete();
        } else {
            super.onUpstreamEnd();
        }
    }
}
