package io.gatehouse.provider;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.gatehouse.fuzz.FuzzTarget;
import io.gatehouse.fuzz.Gen;
import io.gatehouse.fuzz.Json;
import io.gatehouse.fuzz.UpstreamShapes;
import io.gatehouse.fuzz.UpstreamShapes.Frame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Fuzzes {@link SseParser}: any bytes, any cut into reads, the same frames; a rendered stream reads back as written. */
class SseParserFuzzTest {

    private static final Gen<List<Frame>> FRAMES = Gen.oneOf(UpstreamShapes.anthropicEvents(), UpstreamShapes.geminiChunks(),
                UpstreamShapes.openAiChunks());

    private static final Gen<byte[]> STREAMS = UpstreamShapes.stream(FRAMES);
    private static final Gen<List<Integer>> READS = UpstreamShapes.reads();
    private static final Gen<UpstreamShapes.Spelling> SPELLINGS = UpstreamShapes.spelling();

    @FuzzTarget
    void anyCutIntoReadsGivesTheSameFrames(FuzzedDataProvider data) {
        byte[] stream = STREAMS.draw(data);
        List<Integer> reads = READS.draw(data);
        List<Parsed> whole = parse(List.of(stream));
        assertThat(parse(UpstreamShapes.cut(stream, reads))).isEqualTo(whole);
        assertThat(parse(UpstreamShapes.cut(stream, List.of(1)))).isEqualTo(whole);
    }

    @FuzzTarget
    void aWrittenStreamReadsBackAsWritten(FuzzedDataProvider data) {
        List<Frame> frames = FRAMES.draw(data);
        UpstreamShapes.Spelling spelling = SPELLINGS.draw(data);
        byte[] stream = UpstreamShapes.render(frames, spelling);
        List<Parsed> read = parse(List.of(stream));
        assertThat(read).hasSize(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Parsed frame = read.get(i);
            assertThat(Json.visible(String.valueOf(frame.event())))
                    .isEqualTo(Json.visible(String.valueOf(frames.get(i).event())));
            if (spelling.pretty() && Json.strictlyReadable(Json.utf8(frames.get(i).data()))) {
                assertThat(ProviderJson.read(Json.utf8(frame.data())))
                        .isEqualTo(ProviderJson.read(Json.utf8(frames.get(i).data())));
            } else {
                assertThat(Json.visible(frame.data())).isEqualTo(Json.visible(frames.get(i).data()));
            }
        }
    }

    /** One frame as the parser delivered it. */
    private record Parsed(String event, String data) {
    }

    private static List<Parsed> parse(List<byte[]> reads) {
        List<Parsed> frames = new ArrayList<>();
        SseParser parser = new SseParser();
        SseParser.Listener listener = (event, data, length) ->
                frames.add(new Parsed(event, new String(data, 0, length, StandardCharsets.UTF_8)));
        for (byte[] read : reads) {
            parser.feed(read, 0, read.length, listener);
        }
        parser.finish(listener);
        return frames;
    }
}
