package io.gatehouse.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.SseParser;
import io.gatehouse.provider.TranslationException;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
     * ({@link TranslationException}, {@link UncheckedIOException}) or a document of the wrong shape
     * ({@link IllegalStateException}). Anything else is rethrown, as a finding.
     */
    public static void unreadable(RuntimeException e) {
        if (!(e instanceof TranslationException || e instanceof UncheckedIOException
                || e instanceof IllegalStateException)) {
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
