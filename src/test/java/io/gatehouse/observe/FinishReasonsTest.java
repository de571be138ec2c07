package io.gatehouse.observe;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Finish reasons found in answers as clients receive them, whole or in chunks, in both dialects. */
class FinishReasonsTest {
    @Test
    void openAiAndAnthropicReasonsAreCollectedOnceEachAndNullsIgnored() {
        FinishReasons reasons = new FinishReasons();
        reasons.scan(bytes("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":null}]}\n\n"));
        reasons.scan(bytes("{\"choices\":[{\"finish_reason\" : \"stop\"},{\"finish_reason\":\"length\"}]}"));
        reasons.scan(bytes("data: {\"choices\":[{\"finish_reason\":\"stop\"}]}\n\n"));
        reasons.scan(bytes("event: message_delta\ndata: {\"delta\":{\"stop_reason\":\"tool_use\"}}\n\n"));
        assertThat(reasons.list()).containsExactly("stop", "length", "tool_use");
    }

    @Test
    void aReasonCutAtTheEndOfAChunkIsNotInvented() {
        FinishReasons reasons = new FinishReasons();
        reasons.scan(bytes("{\"finish_reason\":\"sto"));
        reasons.scan(bytes("{\"finish_reason\""));
        assertThat(reasons.list()).isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
