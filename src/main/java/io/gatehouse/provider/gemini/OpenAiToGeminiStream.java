package io.gatehouse.provider.gemini;

import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.openai.OpenAiChunk;
import io.gatehouse.provider.openai.OpenAiErrors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * OpenAI chunk stream → Gemini {@code streamGenerateContent?alt=sse} chunks, for the Gemini ingress served by another
 * provider. Each text delta is a chunk with one text part; tool calls are gathered (Gemini sends a function call
 * whole) and sent with the finish reason in the last chunk, which waits for OpenAI's usage chunk so that it carries
 * {@code usageMetadata} as Gemini's last chunk does. Gemini has no terminal event: the stream simply ends. An OpenAI
 * error chunk becomes Gemini's {@code data: {"error":…}}.
 */
public final class OpenAiToGeminiStream extends SseStreamTranslator {
    /** Far more tool calls than one answer makes; a larger index is unreadable rather than a reason to allocate. */
    private static final int MAX_TOOL_CALLS = 1024;

    private record Call(String id, String name, StringBuilder arguments) {
    }

    private final OpenAiChunk chunk = new OpenAiChunk();
    private final String model;
    private final List<Call> calls = new ArrayList<>();
    private String responseId;
    private String finishReason;

    /** @param model the model the client named, reported as {@code modelVersion} */
    public OpenAiToGeminiStream(String model) {
        this.model = model;
    }

    @Override
    protected void onFrame(String event, byte[] frame, int length) {
        byte[] data = Arrays.copyOf(frame, length);
        if (OpenAiChunk.isDone(data)) {
            if (finishReason == null) {
                fail(StreamEnd.TRUNCATED, GatewayError.of(ErrorKind.UPSTREAM_DISCONNECTED,
                        "The upstream ended the stream without a finish reason."));
            } else {
                finishCandidate();
            }
            return;
        }
        chunk.read(data);
        if (chunk.error) {
            fail(StreamEnd.UPSTREAM_ERROR, OpenAiErrors.mapStreamError(data));
            return;
        }
        if (responseId == null && chunk.id != null) {
            responseId = chunk.id;
        }
        if (chunk.content != null && !chunk.content.isEmpty() && finishReason == null) {
            start().raw("{\"text\":").string(chunk.content).raw("}");
            end(null);
        }
        for (OpenAiChunk.ToolCallDelta delta : chunk.toolCalls) {
            call(delta);
        }
        if (chunk.finishReason != null && finishReason == null) {
            finishReason = OpenAiToGeminiResponse.finishReason(chunk.finishReason);
        }
        if (chunk.usage != null) {
            usage(chunk.usage);
            if (finishReason != null) {
                finishCandidate();
            }
        }
    }

    @Override
    protected void onUpstreamEnd() {
        if (finishReason != null) {
            finishCandidate();
        } else {
            super.onUpstreamEnd();
        }
    }

    @Override
    protected void writeErrorFrame(GatewayError cause) {
        out.raw(cause.googleStreamFrame());
    }

    private void call(OpenAiChunk.ToolCallDelta delta) {
        if (delta.index() < 0 || delta.index() >= MAX_TOOL_CALLS) {
            throw new IllegalStateException("tool call index " + delta.index() + " out of range");
        }
        while (calls.size() <= delta.index()) {
            calls.add(null);
        }
        Call call = calls.get(delta.index());
        if (call == null) {
            call = new Call(delta.id(), delta.name() == null ? "" : delta.name(), new StringBuilder());
            calls.set(delta.index(), call);
        }
        if (delta.arguments() != null) {
            call.arguments.append(delta.arguments());
        }
    }

    /** The last chunk: the gathered function calls, the finish reason and the usage. */
    private void finishCandidate() {
        start();
        boolean first = true;
        for (Call call : calls) {
            if (call != null) {
                OpenAiToGeminiResponse.functionCall(out.raw(first ? "" : ","), call.id, call.name, call.arguments.toString());
                first = false;
            }
        }
        end(finishReason);
        complete();
    }

    /** Opens a chunk of candidate 0, up to its parts. */
    private JsonOut start() {
        return out.raw("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[");
    }

    private void end(String finish) {
        out.raw("]}");
        if (finish != null) {
            out.raw(",\"finishReason\":").string(finish);
        }
        out.raw(",\"index\":0}]");
        if (finish != null && usage() != null) {
            OpenAiToGeminiResponse.writeUsage(out.raw(","), usage());
        }
        out.raw(",\"modelVersion\":").string(model);
        if (responseId != null) {
            out.raw(",\"responseId\":").string(responseId);
        }
        out.raw("}\n\n");
    }
}
