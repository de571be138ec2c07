package io.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.ChatChunkWriter;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.StreamEnd;

import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Bedrock ConverseStream (binary event stream, {@link EventStreamFrames}) → OpenAI {@code chat.completion.chunk}
 * stream: {@code messageStart} the role chunk, text deltas content chunks, a {@code toolUse} block start one tool-call
 * chunk with id and name and its input deltas argument fragments (tool calls numbered in order of their blocks),
 * {@code messageStop} the finish chunk; the {@code metadata} event after it carries the usage, which ends the stream
 * (usage chunk when asked, {@code [DONE]}). A body that ends after {@code messageStop} without metadata still ends
 * cleanly, without usage; one that ends earlier is a cut stream. An exception message becomes an OpenAI error frame.
 */
final class BedrockToOpenAiStream extends SseStreamTranslator {
    private final ChatChunkWriter chunks;
    /** Tool-call index by content block index. */
    private final Map<Integer, Integer> toolIndex = new HashMap<>();
    private boolean roleSent;
    private boolean stopped;

    BedrockToOpenAiStream(boolean clientWantsUsage, Clock clock, IdGenerator ids, String model) {
        super(new EventStreamFrames());
        this.chunks = new ChatChunkWriter(ids.next("chatcmpl-"), clock.instant().getEpochSecond(), model, clientWantsUsage);
    }

    @Override
    protected void onFrame(String event, byte[] data, int length) {
        byte[] payload = Arrays.copyOf(data, length);
        if (event.startsWith(EventStreamFrames.EXCEPTION)) {
            fail(StreamEnd.UPSTREAM_ERROR, BedrockErrors.streamError(event.substring(EventStreamFrames.EXCEPTION.length()), payload));
            return;
        }
        JsonNode json = ProviderJson.read(payload);
        switch (event) {
            case "messageStart" -> role();
            case "contentBlockStart" -> {
                JsonNode use = json.path("start").path("toolUse");
                if (use.isObject()) {
                    role();
                    int index = toolIndex.size();
                    toolIndex.put(json.path("contentBlockIndex").asInt(), index);
                    chunks.toolCallStart(out, 0, index, use.path("toolUseId").asText(), use.path("name").asText(), "", null);
                }
            }
            case "contentBlockDelta" -> delta(json);
            case "messageStop" -> {
                role();
                stopped = true;
                chunks.finish(out, 0, StopReasons.toOpenAi(json.path("stopReason").asText(null)));
            }
            case "metadata" -> {
                usage(BedrockUsage.read(json.path("usage")));
                if (stopped) {
                    endStream();
                }
            }
            default -> {
                // contentBlockStop and events of later API versions say nothing the client needs
            }
        }
    }

    private void delta(JsonNode event) {
        JsonNode delta = event.path("delta");
        if (delta.path("text").isTextual()) {
            role();
            String text = delta.get("text").asText();
            if (!text.isEmpty()) {
                chunks.content(out, 0, text);
            }
        } else if (delta.path("toolUse").isObject()) {
            Integer index = toolIndex.get(event.path("contentBlockIndex").asInt());
            String fragment = delta.get("toolUse").path("input").asText("");
            if (index == null) {
                throw new IllegalStateException("tool input for a block that did not start a tool call");
            }
            if (!fragment.isEmpty()) {
                chunks.toolCallArguments(out, 0, index, fragment);
            }
        }
    }

    @Override
    protected void onUpstreamEnd() {
        if (stopped) {
            endStream();
        } else {
            super.onUpstreamEnd();
        }
    }

    private void role() {
        if (!roleSent) {
            roleSent = true;
            chunks.role(out, 0);
        }
    }

    private void endStream() {
        chunks.usage(out, usage());
        chunks.done(out);
        complete();
    }
}
