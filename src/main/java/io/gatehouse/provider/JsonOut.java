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
        byte[] escaped = ENCODER.quoteAsUTF8(value);
        ensure(escaped.length + 2);
        bytes[size++] = '"';
        System.arraycopy(escaped, 0, bytes, size, escaped.length);
        size += escaped.length;
        bytes[size++] = '"';
        return this;
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
