package io.gatehouse.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer secrets (repo AI keys, management tokens, refresh tokens): 256 random bits behind a recognisable
 * prefix, stored only as their SHA-256. A lookup hashes what the caller sent and compares hashes, so the
 * database never holds anything that could be replayed.
 */
public final class Tokens {
    /** Repo AI API keys, used by applications on {@code /v1}. */
    public static final String REPO_KEY_PREFIX = "ghk_";
    /** Long-lived management tokens for the Platform API. */
    public static final String MANAGEMENT_TOKEN_PREFIX = "ghm_";
    /** Refresh tokens handed out at login. */
    public static final String REFRESH_TOKEN_PREFIX = "ghr_";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    /** A fresh secret: the prefix and 32 random bytes in URL-safe base64 (43 characters). */
    public static String newSecret(String prefix) {
        return prefix + URL.encodeToString(randomBytes(32));
    }

    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Hex SHA-256 of the whole secret, prefix included. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The form shown in place of a secret: its scheme prefix and last four characters, e.g.
     * {@code sk-…abcd}. Secrets too short to give away four characters safely show only the ellipsis.
     */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        if (secret.length() < 12) {
            return "…";
        }
        int separator = -1;
        for (int i = 0; i < 8; i++) {
            char c = secret.charAt(i);
            if (c == '-' || c == '_') {
                separator = i;
                break;
            }
        }
        String head = separator > 0 ? secret.substring(0, separator + 1) : secret.substring(0, 3);
        return head + "…" + secret.substring(secret.length() - 4);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
