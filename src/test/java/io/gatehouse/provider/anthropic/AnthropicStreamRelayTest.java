package io.gatehouse.provider.anthropic;

import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.SseFrames;
import io.gatehouse.provider.StreamEnd;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cases the fuzz targets found in the relay of an Anthropic stream to an Anthropic client. */
class AnthropicStreamRelayTest {

    @Test
    void dataOverSeveralLinesIsRelayedOverSeveralLines() {
        AnthropicStreamRelay relay = new AnthropicStreamRelay();
        List<SseFrames.Frame> frames = SseFrames.split(Fixtures.runWhole(relay, Fixtures.utf8("""
                event: message_start
                data: {"type":"message_start",
                data:  "message":{"id":"msg_1","model":"claude"}}

                event: message_stop
                data: {"type":"message_stop"}

                """)));
        assertThat(relay.end()).isEqualTo(StreamEnd.COMPLETED);
        assertThat(Fixtures.json(Fixtures.utf8(frames.getFirst().data())).at("/message/id").asText()).isEqualTo("msg_1");
    }

    @Test
    void anEventThatIsNotOneWellFormedObjectEndsTheStreamInsteadOfBeingRelayed() {
        for (String data : List.of("{\"type\":[]-,\"index\":0}", "{\"type\":\"ping\"} x")) {
            AnthropicStreamRelay relay = new AnthropicStreamRelay();
            List<SseFrames.Frame> frames = SseFrames.split(Fixtures.runWhole(relay,
                    Fixtures.utf8("event: ping\ndata: " + data + "\n\n")));
            assertThat(relay.end()).as(data).isEqualTo(StreamEnd.TRUNCATED);
            assertThat(frames).as(data).singleElement().satisfies(frame -> assertThat(frame.event()).isEqualTo("error"));
        }
    }
}
