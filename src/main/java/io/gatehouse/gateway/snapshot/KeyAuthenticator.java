package io.gatehouse.gateway.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Finds the live key a request presents: {@code Authorization: Bearer <secret>} or {@code x-api-key: <secret>}.
 * Whatever was sent is hashed with SHA-256 and looked up in the snapshot's map, so an unknown, a revoked and a valid
 * key cost the same work (no database, no timing oracle); expiry is compared with the clock afterwards. One instance
 * per event loop (the digest is reused, not thread-safe).
 */
public final class KeyAuthenticator {
    private static final HexFormat HEX = HexFormat.of();

    private final Clock clock;
    private final MessageDigest sha256;

    public KeyAuthenticator(Clock clock) {
        this.clock = clock;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The presented secret: the bearer token, else {@code x-api-key}; null when neither is there. */
    public static String presented(String authorization, String apiKey) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return apiKey == null ? null : apiKey.trim();
    }

    /** The live, unexpired key for {@code secret}, or null. */
    public KeyEntry authenticate(GatewaySnapshot snapshot, String secret) {
        byte[] digest = sha256.digest((secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8));
        KeyEntry key = snapshot.key(HEX.formatHex(digest));
        if (key == null || secret == null || key.expiresAtMillis() <= clock.millis()) {
            return null;
        }
        return key;
    }
}
