package io.gatehouse.provider;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PITFALLS 6: the block structure an Anthropic client can rely on, checked on a whole emitted stream. */
public final class AnthropicStreamChecks {
    private AnthropicStreamChecks() {
    }

    public static void assertWellFormed(String sse) {
        List<SseFrames.Frame> frames = SseFrames.split(sse);
        assertThat(frames).isNotEmpty();
        assertThat(frames.getFirst().event()).isEqualTo("message_start");
        assertThat(frames.getLast().event()).isEqualTo("message_stop");
        int messageStarts = 0;
        int messageDeltas = 0;
        int nextBlock = 0;
        Integer open = null;
        for (SseFrames.Frame frame : frames) {
            JsonNode data = ProviderJson.read(Fixtures.utf8(frame.data()));
            assertThat(data.path("type").asText()).as("event name equals data type").isEqualTo(frame.event());
            switch (frame.event()) {
                case "message_start" -> messageStarts++;
                case "content_block_start" -> {
                    assertThat(open).as("blocks do not overlap").isNull();
                    assertThat(data.get("index").asInt()).as("blocks are numbered in order").isEqualTo(nextBlock);
                    open = nextBlock++;
                }
                case "content_block_delta" -> assertThat(data.get("index").asInt()).isEqualTo(open);
                case "content_block_stop" -> {
                    assertThat(data.get("index").asInt()).isEqualTo(open);
                    open = null;
                }
                case "message_delta" -> {
                    messageDeltas++;
                    assertThat(open).as("all blocks closed before message_delta").isNull();
                    assertThat(data.at("/delta/stop_reason").isTextual()).isTrue();
                }
                default -> {
                }
            }
        }
        assertThat(messageStarts).isEqualTo(1);
        assertThat(messageDeltas).isEqualTo(1);
    }
}
