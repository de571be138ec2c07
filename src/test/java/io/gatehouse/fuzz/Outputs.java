package io.gatehouse.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.StreamTranslator;
import io.gatehouse.provider.Usage;
import io.gatehouse.provider.SseParser;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UnexpectedAnswer;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks every fuzz target makes of what the code under test wrote. */
public final class Outputs {
    private Outputs() {
    }

    /** The bytes are exactly one JSON object, without repeated member names. */
    public static JsonNode jsonObject(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(Json.strictlyReadable(bytes)).as("one well-formed JSON document: %s", text).isTrue();
        JsonNode tree = ProviderJson.read(bytes);
        assertThat(tree.isObject()).as("a JSON object: %s", text).isTrue();
        return tree;
    }

    /** One SSE frame as a client reads it. */
    public record Event(String event, String data) {
    }

    /**
     * What a client reads from a stream the gateway wrote in these pieces: each piece is whole frames (nothing cut
     * off in the middle of a line), each frame's data {@code [DONE]} or one JSON object.
     */
    public static List<Event> sse(List<byte[]> pieces) {
        List<Event> events = new ArrayList<>();
        SseParser parser = new SseParser();
        SseParser.Listener listener = (event, data, length) ->
                events.add(new Event(event, new String(data, 0, length, StandardCharsets.UTF_8)));
        for (byte[] piece : pieces) {
            if (piece.length > 0) {
                String text = new String(piece, StandardCharsets.UTF_8);
                assertThat(text).as("whole frames, each with data").endsWith("\n\n").contains("data: ");
                parser.feed(piece, 0, piece.length, listener);
            }
        }
        parser.finish(listener);
        for (Event event : events) {
            if (!event.data().equals("[DONE]")) {
                jsonObject(event.data().getBytes(StandardCharsets.UTF_8));
            }
        }
        return events;
    }

    /** What a stream translation wrote per read and how it ended. */
    public record StreamRun(List<byte[]> pieces, StreamEnd end, GatewayError error, Usage usage) {
        String text() {
            return Json.visible(new String(concat(pieces), StandardCharsets.UTF_8));
        }
    }

    /** Feeds the reads to the translation, then finishes it. */
    public static StreamRun run(StreamTranslator translator, List<byte[]> reads) {
        List<byte[]> pieces = new ArrayList<>();
        for (byte[] read : reads) {
            pieces.add(translator.feed(read, 0, read.length));
        }
        pieces.add(translator.finish());
        return new StreamRun(pieces, translator.end(), translator.error(), translator.usage());
    }

    /**
     * The invariants of every stream translation, on {@code input} fed whole and cut into reads of the given sizes:
     * nothing thrown, the same client bytes, end and usage either way, well-formed client SSE, an end other than
     * running, and an error exactly when the end is not a completion. Returns what the client read.
     */
    public static ClientStream stream(Supplier<StreamTranslator> translation, byte[] input, List<Integer> reads) {
        StreamRun whole = run(translation.get(), List.of(input));
        StreamRun cut = run(translation.get(), UpstreamShapes.cut(input, reads));
        assertThat(cut.text()).isEqualTo(whole.text());
        assertThat(cut.end()).isEqualTo(whole.end());
        assertThat(cut.usage()).isEqualTo(whole.usage());
        assertThat(whole.end()).isNotEqualTo(StreamEnd.RUNNING);
        assertThat(whole.error() == null).as("error %s, end %s", whole.error(), whole.end())
                .isEqualTo(whole.end() == StreamEnd.COMPLETED);
        return new ClientStream(sse(cut.pieces()), whole.end());
    }

    /** The events a client read from a translated stream, and how the stream ended. */
    public record ClientStream(List<Event> events, StreamEnd end) {
    }

    /** An OpenAI client stream: {@code [DONE]} only as the last event, and exactly when the stream completed. */
    public static void openAiEnding(ClientStream stream) {
        List<Event> events = stream.events();
        StreamEnd end = stream.end();
        for (int i = 0; i < events.size() - 1; i++) {
            assertThat(events.get(i).data()).isNotEqualTo("[DONE]");
        }
        boolean done = !events.isEmpty() && events.getLast().data().equals("[DONE]");
        assertThat(done).as("[DONE] last exactly when completed (%s)", end).isEqualTo(end == StreamEnd.COMPLETED);
    }

    /**
     * An Anthropic client stream: ends with {@code message_stop} when completed, with an error event otherwise (by
     * its {@code event:} name, or by its data's {@code type} where a relayed upstream event came without a name).
     */
    public static void anthropicEnding(ClientStream stream) {
        assertThat(stream.events()).isNotEmpty();
        Event last = stream.events().getLast();
        String kind = last.event() != null ? last.event()
                : ProviderJson.read(last.data().getBytes(StandardCharsets.UTF_8)).path("type").asText();
        assertThat(kind).isEqualTo(stream.end() == StreamEnd.COMPLETED ? "message_stop" : "error");
    }

    /** A deterministic id generator, so that two runs of one translation write the same bytes. */
    public static IdGenerator counterIds() {
        int[] next = {0};
        return prefix -> prefix + (++next[0]);
    }

    /** The concatenation of byte arrays. */
    public static byte[] concat(List<byte[]> pieces) {
        int length = pieces.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        return all;
    }

    /**
     * A reader of upstream bytes refused what it could not read the way readers do: unreadable JSON
     * ({@link TranslationException}, {@link UncheckedIOException}), a document of the wrong shape
     * ({@link IllegalStateException}) or a 2xx body that is not an answer of the API ({@link UnexpectedAnswer}, a
     * 502 on the gateway). Anything else is rethrown, as a finding.
     */
    public static void unreadable(RuntimeException e) {
        if (!(e instanceof TranslationException || e instanceof UncheckedIOException
                || e instanceof IllegalStateException || e instanceof UnexpectedAnswer)) {
            throw e;
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
