package io.gatehouse.provider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTest {

    private static List<String> parse(byte[] input, int readSize) {
        List<String> frames = new ArrayList<>();
        SseParser parser = new SseParser();
        SseParser.Listener listener = (event, data, length) -> frames.add(event + "|" + new String(data, 0, length, StandardCharsets.UTF_8));
        for (int i = 0; i < input.length; i += readSize) {
            parser.feed(input, i, Math.min(readSize, input.length - i), listener);
        }
        parser.finish(listener);
        return frames;
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/02-tools-stream.sse", "gemini/02-tools-stream.sse", "openai/02-tools-stream.sse",
            "anthropic/05-midstream-error.sse"})
    void framesAreTheSameWhateverTheReadSizeAndLineEnding(String fixture) {
        byte[] lf = Fixtures.bytes(fixture);
        List<String> whole = parse(lf, lf.length);
        assertThat(whole).hasSize(SseFrames.split(Fixtures.text(fixture)).size());
        for (int readSize : new int[] {1, 2, 3, 7, 64}) {
            assertThat(parse(lf, readSize)).as("read size %d", readSize).isEqualTo(whole);
            assertThat(parse(Fixtures.crlf(lf), readSize)).as("CRLF, read size %d", readSize).isEqualTo(whole);
        }
    }

    @Test
    void eventNamesMultiLineDataCommentsAndBareCarriageReturns() {
        String stream = ": keep-alive comment\r"
                + "event: message_start\r"
                + "data: {\"a\":\r"
                + "data:1}\r\r"
                + "id: 7\nretry: 100\ndata: second\n\n";
        assertThat(parse(Fixtures.utf8(stream), 1))
                .containsExactly("message_start|{\"a\":\n1}", "null|second");
    }

    @Test
    void multiByteCharactersSplitAcrossReadsSurvive() {
        byte[] input = Fixtures.utf8("data: 14 °C — 東京 🌧\n\n");
        assertThat(parse(input, 1)).containsExactly("null|14 °C — 東京 🌧");
    }

    @Test
    void framesWithoutDataAreNotDeliveredAndTheirEventNameDoesNotLeak() {
        assertThat(parse(Fixtures.utf8("event: ping\n\ndata: x\n\n"), 1)).containsExactly("null|x");
    }

    @Test
    void aLastFrameWithoutItsBlankLineIsDeliveredAtTheEnd() {
        assertThat(parse(Fixtures.utf8("data: {\"done\":true}"), 3)).containsExactly("null|{\"done\":true}");
    }

    @Test
    void aByteOrderMarkAtTheStartIsIgnoredEvenWhenSplit() {
        byte[] input = Fixtures.utf8("\uFEFFdata: x\n\n");
        assertThat(parse(input, 1)).containsExactly("null|x");
    }
}
