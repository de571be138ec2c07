package io.gatehouse.provider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Byte-range edits on a JSON document, so a body can be changed in one place while every other byte stays as the
 * client sent it ("same format, same bytes"). Offsets come from a streaming parser's token locations.
 */
public final class JsonSplice {
    private record Edit(int start, int end, byte[] replacement) {
    }

    private final byte[] source;
    private final List<Edit> edits = new ArrayList<>();

    public JsonSplice(byte[] source) {
        this.source = source;
    }

    /** Replaces {@code source[start, end)}. Edits must not overlap. */
    public JsonSplice replace(int start, int end, byte[] replacement) {
        edits.add(new Edit(start, end, replacement));
        return this;
    }

    public JsonSplice insert(int at, byte[] text) {
        return replace(at, at, text);
    }

    /** A byte range {@code [start, end)}. */
    public record Span(int start, int end) {
    }

    /**
     * The bytes to cut from {@code json[0, length)} to remove the member whose name starts at {@code nameStart} and
     * whose value ends at {@code valueEnd}, together with the comma that separates it from its neighbour.
     */
    public static Span memberSpan(byte[] json, int length, int nameStart, int valueEnd) {
        int before = nameStart - 1;
        while (before >= 0 && isSpace(json[before])) {
            before--;
        }
        if (before >= 0 && json[before] == ',') {
            return new Span(before, valueEnd);
        }
        int after = valueEnd;
        while (after < length && isSpace(json[after])) {
            after++;
        }
        if (after < length && json[after] == ',') {
            after++;
            while (after < length && isSpace(json[after])) {
                after++;
            }
        }
        return new Span(nameStart, after);
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }

    public byte[] apply() {
        if (edits.isEmpty()) {
            return source;
        }
        edits.sort(Comparator.comparingInt(Edit::start));
        JsonOut out = new JsonOut(source.length + 64);
        int at = 0;
        for (Edit edit : edits) {
            out.raw(source, at, edit.start() - at).raw(edit.replacement());
            at = edit.end();
        }
        out.raw(source, at, source.length - at);
        return out.take();
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
