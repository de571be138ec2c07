package io.gatehouse.provider;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for writing small JSON documents and SSE frames by hand on hot paths, where a tree or a
 * generator per chunk would cost more than the chunk. Strings are escaped the way Jackson escapes them.
 */
public final class JsonOut {
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes;
    private int size;

    public JsonOut(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** Appends ASCII text as is (JSON punctuation, field names known to need no escaping). */
    public JsonOut raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    public JsonOut raw(byte[] data) {
        return raw(data, 0, data.length);
    }

    public JsonOut raw(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, bytes, size, length);
        size += length;
        return this;
    }

    /**
     * Appends SSE data after a {@code data: } prefix: each {@code \n} in it starts a new {@code data: } line, as a
     * frame whose data spanned several lines must be written (a relayed line break alone would end the field).
     */
    public JsonOut dataLines(byte[] data, int offset, int length) {
        int end = offset + length;
        int from = offset;
        for (int i = offset; i < end; i++) {
            if (data[i] == '\n') {
                raw(data, from, i + 1 - from).raw("data: ");
                from = i + 1;
            }
        }
        return raw(data, from, end - from);
    }

    /** Makes room for {@code length} more bytes at once (rather than growing by doubling as they come). */
    public JsonOut reserve(int length) {
        ensure(length);
        return this;
    }

    /** Appends a quoted, escaped JSON string, or {@code null}. */
    public JsonOut string(String value) {
        if (value == null) {
            return raw("null");
        }
        byte[] escaped = escape(value);
        ensure(escaped.length + 2);
        bytes[size++] = '"';
        System.arraycopy(escaped, 0, bytes, size, escaped.length);
        size += escaped.length;
        bytes[size++] = '"';
        return this;
    }

    /**
     * The string's JSON escaping in UTF-8. An unpaired surrogate (legal in JSON as a {@code \\u} escape, so it can
     * come from any parsed body) has no UTF-8 form: it is written as its escape again, keeping the text as it came.
     */
    private static byte[] escape(String value) {
        try {
            return ENCODER.quoteAsUTF8(value);
        } catch (IllegalArgumentException unpairedSurrogate) {
            JsonOut out = new JsonOut(value.length() + 16);
            int from = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (paired) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    out.raw(ENCODER.quoteAsUTF8(value.substring(from, i))).raw(String.format("\\u%04x", (int) c));
                    from = i + 1;
                }
            }
            return out.raw(ENCODER.quoteAsUTF8(value.substring(from))).take();
        }
    }

    public JsonOut number(long value) {
        return raw(Long.toString(value));
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Returns what was written and empties the buffer for the next round. */
    public byte[] take() {
        if (size == 0) {
            return EMPTY;
        }
        byte[] result = Arrays.copyOf(bytes, size);
        size = 0;
        return result;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    /** The UTF-8 bytes of a JSON string literal, quotes included. */
    public static byte[] quoted(String value) {
        return new JsonOut(value.length() + 8).string(value).take();
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
