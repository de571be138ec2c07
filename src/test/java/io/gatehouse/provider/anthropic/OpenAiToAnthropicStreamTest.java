package io.gatehouse.provider.anthropic;

import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.SseFrames;
import io.gatehouse.provider.StreamEnd;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Cases the fuzz targets found in the OpenAI → Anthropic stream translation. */
class OpenAiToAnthropicStreamTest {

    /** Tool calls were kept in a list grown to the index, so a huge one filled memory. */
    @Test
    void aToolCallIndexFarOutOfRangeEndsTheStreamInsteadOfAllocating() {
        OpenAiToAnthropicStream translator = new OpenAiToAnthropicStream();
        String out = Fixtures.runWhole(translator, Fixtures.utf8("data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"tool_calls\":[{\"index\":2000000000,\"function\":{\"name\":\"f\"}}]}}]}\n\n"));
        assertThat(translator.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(SseFrames.split(out).getLast().event()).isEqualTo("error");
    }
}
