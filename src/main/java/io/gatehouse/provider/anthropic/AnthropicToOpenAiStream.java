package io.gatehouse.provider.anthropic;

import io.gatehouse.provider.ChatChunkWriter;
import io.gatehouse.provider.StreamEnd;

import java.time.Clock;
import java.util.Arrays;

/**
 * Anthropic Messages stream → OpenAI {@code chat.completion.chunk} stream (MAPPING §4.4), one event in, its chunks
 * out. Tool calls are numbered 0, 1, 2 … in order of appearance whatever the Anthropic block index (PITFALLS 1);
 * each call's id and name go out once, its arguments as the {@code input_json_delta} fragments arrive (empty
 * fragments skipped, {@code "{}"} for a call that sent none). Thinking is not forwarded (strict OpenAI output).
 * {@code message_delta} gives the finish chunk, {@code message_stop} the usage chunk (when asked) and
 * {@code [DONE]}; an {@code event: error} becomes an OpenAI error frame with no {@code [DONE]}.
 */
public final class AnthropicToOpenAiStream extends AnthropicEventStream {
    private static final int NOT_A_TOOL = -1;
    /**
     * Far more content blocks than one message holds: the block table is sized by the index, so an event with a
     * larger one is unreadable rather than a reason to allocate gigabytes.
     */
    private static final int MAX_BLOCKS = 1 << 16;

    private final boolean clientWantsUsage;
    private final Clock clock;
    private ChatChunkWriter chunks;
    /** OpenAI tool index of each Anthropic content block, or {@link #NOT_A_TOOL}. */
    private int[] toolOfBlock = new int[8];
    private boolean[] argumentsSent = new boolean[4];
    private int nextTool;
    private boolean finished;

    public AnthropicToOpenAiStream(boolean clientWantsUsage, Clock clock) {
        this.clientWantsUsage = clientWantsUsage;
        this.clock = clock;
        Arrays.fill(toolOfBlock, NOT_A_TOOL);
    }

    @Override
    protected void onEvent(String type, String eventName, byte[] data) {
        if (type == null) {
            return;
        }
        switch (type) {
            case "message_start" -> {
                chunks = new ChatChunkWriter(event.messageId, clock.instant().getEpochSecond(), event.model,
                        clientWantsUsage);
                chunks.role(out, 0);
            }
            case "content_block_start" -> blockStart();
            case "content_block_delta" -> blockDelta();
            case "content_block_stop" -> blockStop();
            case "message_delta" -> finish(StopReasons.toOpenAi(event.stopReason));
            case "message_stop" -> {
                finish("stop");
                chunks.usage(out, usage());
                chunks.done(out);
                complete();
            }
            case "error" -> fail(StreamEnd.UPSTREAM_ERROR, AnthropicErrors.mapStreamError(event));
            default -> {
                // ping and event types added later
            }
        }
    }

    private void blockStart() {
        if (event.index < 0 || event.index >= MAX_BLOCKS) {
            throw new IllegalStateException("content block index " + event.index + " out of range");
        }
        if (event.index >= toolOfBlock.length) {
            int old = toolOfBlock.length;
            toolOfBlock = Arrays.copyOf(toolOfBlock, Math.max(old * 2, event.index + 1));
            Arrays.fill(toolOfBlock, old, toolOfBlock.length, NOT_A_TOOL);
        }
        if ("tool_use".equals(event.blockType)) {
            int tool = nextTool++;
            if (tool >= argumentsSent.length) {
                argumentsSent = Arrays.copyOf(argumentsSent, argumentsSent.length * 2);
            }
            toolOfBlock[event.index] = tool;
            chunks.toolCallStart(out, 0, tool, event.blockId, event.blockName, "", null);
        } else if ("text".equals(event.blockType) && event.blockText != null && !event.blockText.isEmpty()) {
            chunks.content(out, 0, event.blockText);
        }
    }

    private void blockDelta() {
        if ("text_delta".equals(event.deltaType) && event.text != null && !event.text.isEmpty()) {
            chunks.content(out, 0, event.text);
        } else if ("input_json_delta".equals(event.deltaType) && event.partialJson != null
                && !event.partialJson.isEmpty()) {
            int tool = toolOf(event.index);
            if (tool != NOT_A_TOOL) {
                argumentsSent[tool] = true;
                chunks.toolCallArguments(out, 0, tool, event.partialJson);
            }
        }
    }

    private void blockStop() {
        int tool = toolOf(event.index);
        if (tool != NOT_A_TOOL && !argumentsSent[tool]) {
            argumentsSent[tool] = true;
            chunks.toolCallArguments(out, 0, tool, "{}");
        }
    }

    private void finish(String finishReason) {
        if (!finished) {
            finished = true;
            chunks.finish(out, 0, finishReason);
        }
    }

    private int toolOf(int blockIndex) {
        return blockIndex >= 0 && blockIndex < toolOfBlock.length ? toolOfBlock[blockIndex] : NOT_A_TOOL;
    }
}
