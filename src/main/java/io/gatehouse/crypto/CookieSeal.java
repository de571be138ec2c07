package io.gatehouse.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals small values that travel in a cookie (the console's session): AES-256-GCM under a server secret shared by
 * every node, bound to the cookie's name, so the browser can neither read nor alter what it carries.
 */
public final class CookieSeal {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final byte[] aad;

    /** @param key 32 bytes, e.g. {@link ServerSecrets#getOrCreate} of {@link ServerSecrets#CONSOLE_COOKIE_KEY} */
    public CookieSeal(byte[] key, String cookieName) {
        if (key.length != 32) {
            throw new IllegalArgumentException("A cookie key has 32 bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
        this.aad = cookieName.getBytes(StandardCharsets.US_ASCII);
    }

    public String seal(String plaintext) {
        return B64.encodeToString(AesGcm.seal(key, plaintext.getBytes(StandardCharsets.UTF_8), aad));
    }

    /** The value, or empty when the cookie was forged, altered, truncated or sealed under another key. */
    public Optional<String> open(String sealed) {
        if (sealed == null || sealed.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(AesGcm.open(key, B64D.decode(sealed), aad), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | AEADBadTagException e) {
            return Optional.empty();
        }
    }
}
