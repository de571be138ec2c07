package io.gatehouse.provider;

import io.gatehouse.fuzz.Fuzzing;
import io.gatehouse.fuzz.Json;
import io.gatehouse.fuzz.UpstreamShapes;
import io.gatehouse.fuzz.UpstreamShapes.Frame;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Fuzzes {@link SseParser}: any bytes, any cut into reads, the same frames; a rendered stream reads back as written. */
@Fuzzing
class SseParserFuzzTest {

    @Provide
    Arbitrary<List<Frame>> frames() {
        return Arbitraries.oneOf(UpstreamShapes.anthropicEvents(), UpstreamShapes.geminiChunks(),
                UpstreamShapes.openAiChunks());
    }

    @Provide
    Arbitrary<byte[]> streams() {
        return UpstreamShapes.stream(frames());
    }

    @Property
    void anyCutIntoReadsGivesTheSameFrames(@ForAll("streams") byte[] stream,
                                           @ForAll("reads") List<Integer> reads) {
        List<String> whole = parse(List.of(stream));
        assertThat(parse(UpstreamShapes.cut(stream, reads))).isEqualTo(whole);
        assertThat(parse(UpstreamShapes.cut(stream, List.of(1)))).isEqualTo(whole);
    }

    @Property
    void aWrittenStreamReadsBackAsWritten(@ForAll("frames") List<Frame> frames,
                                          @ForAll("spellings") UpstreamShapes.Spelling spelling) {
        byte[] stream = UpstreamShapes.render(frames, spelling);
        List<String> read = parse(List.of(stream));
        assertThat(read).hasSize(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            String[] eventAndData = read.get(i).split("\u0001", 2);
            assertThat(Json.visible(eventAndData[0])).isEqualTo(Json.visible(String.valueOf(frames.get(i).event())));
            if (spelling.pretty() && Json.strictlyReadable(Json.utf8(frames.get(i).data()))) {
                assertThat(ProviderJson.read(Json.utf8(eventAndData[1])))
                        .isEqualTo(ProviderJson.read(Json.utf8(frames.get(i).data())));
            } else {
                assertThat(Json.visible(eventAndData[1])).isEqualTo(Json.visible(frames.get(i).data()));
            }
        }
    }

    @Provide
    Arbitrary<List<Integer>> reads() {
        return UpstreamShapes.reads();
    }

    @Provide
    Arbitrary<UpstreamShapes.Spelling> spellings() {
        return UpstreamShapes.spelling();
    }

    /** Each frame as "event\u0001data". */
    private static List<String> parse(List<byte[]> reads) {
        List<String> frames = new ArrayList<>();
        SseParser parser = new SseParser();
        SseParser.Listener listener = (event, data, length) ->
                frames.add(event + "\u0001" + new String(data, 0, length, StandardCharsets.UTF_8));
        for (byte[] read : reads) {
            parser.feed(read, 0, read.length, listener);
        }
        parser.finish(listener);
        return frames;
    }
}
