package io.gatehouse.provider.anthropic;

import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.ToolCallIds;
import io.gatehouse.provider.openai.OpenAiChunk;
import io.gatehouse.provider.openai.OpenAiErrors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * OpenAI chunk stream → Anthropic Messages events, for {@code /anthropic/v1/messages} served from an OpenAI-shaped
 * path (MAPPING §4.6). Exactly one {@code message_start}; blocks numbered 0, 1, 2 … each opened, fed and closed
 * before the next (PITFALLS 6); text before tool calls when a chunk has both (PITFALLS 4); tool arguments streamed
 * as {@code input_json_delta} (PITFALLS 5). Anthropic blocks cannot interleave, so a tool call that shows up while
 * another is open is held back (fragments kept in order) until the upstream moves on to it, then flushed; the real
 * input token count goes into {@code message_delta.usage}, which waits for OpenAI's usage chunk.
 */
public final class OpenAiToAnthropicStream extends SseStreamTranslator {
    /** One OpenAI tool call on its way to becoming a {@code tool_use} block. */
    private static final class Tool {
        final String id;
        final String name;
        final List<String> heldFragments = new ArrayList<>();
        int block = -1;

        Tool(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    /**
     * Far more tool calls than one answer makes: calls are kept by index, so a chunk with a larger one is unreadable
     * rather than a reason to fill memory.
     */
    private static final int MAX_TOOL_CALLS = 1024;

    private final OpenAiChunk chunk = new OpenAiChunk();
    private final List<Tool> tools = new ArrayList<>();
    private boolean started;
    private int nextBlock;
    private boolean textOpen;
    private Tool openTool;
    private String stopReason;

    @Override
    protected void onFrame(String event, byte[] frame, int length) {
        byte[] data = Arrays.copyOf(frame, length);
        if (OpenAiChunk.isDone(data)) {
            if (stopReason == null) {
                fail(StreamEnd.TRUNCATED, GatewayError.of(ErrorKind.UPSTREAM_DISCONNECTED,
                        "The upstream ended the stream without a finish reason."));
            } else {
                finishMessage();
            }
            return;
        }
        chunk.read(data);
        if (chunk.error) {
            fail(StreamEnd.UPSTREAM_ERROR, OpenAiErrors.mapStreamError(data));
            return;
        }
        if (!started) {
            started = true;
            event("message_start").raw("{\"type\":\"message_start\",\"message\":{\"id\":")
                    .string(AnthropicShapes.messageId(chunk.id))
                    .raw(",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":").string(chunk.model)
                    .raw(",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}\n\n");
        }
        if (chunk.content != null && !chunk.content.isEmpty()) {
            text(chunk.content);
        }
        for (OpenAiChunk.ToolCallDelta delta : chunk.toolCalls) {
            toolCall(delta);
        }
        if (chunk.finishReason != null && stopReason == null) {
            stopReason = StopReasons.toAnthropic(chunk.finishReason);
            closeOpenBlock();
            for (Tool tool : tools) {
                if (tool != null && tool.block < 0) {
                    openTool(tool);
                    closeOpenBlock();
                }
            }
        }
        if (chunk.usage != null) {
            usage(chunk.usage);
            if (stopReason != null) {
                finishMessage();
            }
        }
    }

    @Override
    protected void onUpstreamEnd() {
        if (stopReason != null) {
            finishMessage();
        } else {
            super.onUpstreamEnd();
        }
    }

    @Override
    protected void writeErrorFrame(GatewayError cause) {
        out.raw(cause.anthropicStreamFrame());
    }

    private void text(String text) {
        if (!textOpen) {
            closeOpenBlock();
            textOpen = true;
            event("content_block_start").raw("{\"type\":\"content_block_start\",\"index\":").number(nextBlock++)
                    .raw(",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        }
        event("content_block_delta").raw("{\"type\":\"content_block_delta\",\"index\":").number(nextBlock - 1)
                .raw(",\"delta\":{\"type\":\"text_delta\",\"text\":").string(text).raw("}}\n\n");
    }

    private void toolCall(OpenAiChunk.ToolCallDelta delta) {
        if (delta.index() < 0 || delta.index() >= MAX_TOOL_CALLS) {
            throw new IllegalStateException("tool call index " + delta.index() + " out of range");
        }
        while (tools.size() <= delta.index()) {
            tools.add(null);
        }
        Tool tool = tools.get(delta.index());
        if (tool == null) {
            tool = new Tool(ToolCallIds.sanitize(delta.id() == null ? "call_" + delta.index() : delta.id()),
                    delta.name() == null ? "" : delta.name());
            tools.set(delta.index(), tool);
            if (openTool == null) {
                openTool(tool);
            }
        }
        String fragment = delta.arguments();
        if (fragment == null || fragment.isEmpty()) {
            return;
        }
        if (tool == openTool) {
            argumentsDelta(tool.block, fragment);
        } else if (tool.block < 0) {
            tool.heldFragments.add(fragment);
            // Arguments for a later call mean the open one is done (OpenAI sends calls one after another).
            if (openTool == null || tools.indexOf(tool) > tools.indexOf(openTool)) {
                openHeldToolsUpTo(tool);
            }
        } else {
            fail(StreamEnd.UPSTREAM_ERROR, GatewayError.of(ErrorKind.SERVER,
                    "The upstream sent arguments for a tool call that had already ended."));
        }
    }

    private void openHeldToolsUpTo(Tool target) {
        closeOpenBlock();
        for (Tool tool : tools) {
            if (tool != null && tool.block < 0) {
                openTool(tool);
                if (tool == target) {
                    return;
                }
                closeOpenBlock();
            }
        }
    }

    private void openTool(Tool tool) {
        closeOpenBlock();
        tool.block = nextBlock++;
        openTool = tool;
        event("content_block_start").raw("{\"type\":\"content_block_start\",\"index\":").number(tool.block)
                .raw(",\"content_block\":{\"type\":\"tool_use\",\"id\":").string(tool.id)
                .raw(",\"name\":").string(tool.name).raw(",\"input\":{}}}\n\n");
        for (String fragment : tool.heldFragments) {
            argumentsDelta(tool.block, fragment);
        }
        tool.heldFragments.clear();
    }

    private void argumentsDelta(int block, String fragment) {
        event("content_block_delta").raw("{\"type\":\"content_block_delta\",\"index\":").number(block)
                .raw(",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":").string(fragment).raw("}}\n\n");
    }

    private void closeOpenBlock() {
        if (textOpen || openTool != null) {
            event("content_block_stop").raw("{\"type\":\"content_block_stop\",\"index\":").number(nextBlock - 1)
                    .raw("}\n\n");
            textOpen = false;
            openTool = null;
        }
    }

    private void finishMessage() {
        event("message_delta").raw("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":").string(stopReason)
                .raw(",\"stop_sequence\":null},\"usage\":");
        AnthropicShapes.writeUsage(out, usage());
        out.raw("}\n\n");
        event("message_stop").raw("{\"type\":\"message_stop\"}\n\n");
        complete();
    }

    private JsonOut event(String name) {
        return out.raw("event: ").raw(name).raw("\ndata: ");
    }
}
