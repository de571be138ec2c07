package io.gatehouse.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Makes tool-call ids acceptable to every provider: {@code ^[a-zA-Z0-9_-]+$} (Anthropic's rule) and at most 64
 * characters (OpenAI's). Deterministic, so a {@code tool_use} and its {@code tool_result} get the same id, and
 * distinct ids stay distinct (a short digest of the original is appended whenever anything had to change).
 */
public final class ToolCallIds {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern INVALID_CHARS = Pattern.compile("[^a-zA-Z0-9_-]");

    private ToolCallIds() {
    }

    public static String sanitize(String id) {
        if (VALID.matcher(id).matches()) {
            return id;
        }
        String cleaned = INVALID_CHARS.matcher(id).replaceAll("_");
        if (cleaned.length() > 48) {
            cleaned = cleaned.substring(0, 48);
        }
        return cleaned + "_" + digest(id);
    }

    private static String digest(String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
