package io.gatehouse.observe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The finish reasons of an answer, picked from the bytes the client receives (OpenAI's {@code "finish_reason"},
 * Anthropic's {@code "stop_reason"}), whole or chunk by chunk, for {@code gen_ai.response.finish_reasons}. A plain
 * byte search rather than a parse, and only done when the call's span is recorded.
 */
public final class FinishReasons {
    private static final byte[][] KEYS = {
            "\"finish_reason\"".getBytes(StandardCharsets.US_ASCII),
            "\"stop_reason\"".getBytes(StandardCharsets.US_ASCII)};

    private final List<String> seen = new ArrayList<>(2);

    /** Notes the string-valued finish reasons in {@code bytes} (a JSON body or some SSE frames). */
    public void scan(byte[] bytes) {
        for (byte[] key : KEYS) {
            int from = 0;
            int at;
            while ((at = indexOf(bytes, key, from)) >= 0) {
                from = at + key.length;
                int i = skipSpaces(bytes, from);
                if (i < bytes.length && bytes[i] == ':') {
                    i = skipSpaces(bytes, i + 1);
                    if (i < bytes.length && bytes[i] == '"') {
                        int end = i + 1;
                        while (end < bytes.length && bytes[end] != '"') {
                            end++;
                        }
                        if (end < bytes.length) {
                            String reason = new String(bytes, i + 1, end - i - 1, StandardCharsets.UTF_8);
                            if (!seen.contains(reason)) {
                                seen.add(reason);
                            }
                        }
                    }
                }
            }
        }
    }

    public List<String> list() {
        return seen;
    }

    private static int skipSpaces(byte[] bytes, int i) {
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] bytes, byte[] key, int from) {
        outer:
        for (int i = from; i <= bytes.length - key.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (bytes[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
