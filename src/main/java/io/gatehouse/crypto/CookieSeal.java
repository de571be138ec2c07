package io.gatehouse.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals small values that travel in a cookie (the console's session): AES-256-GCM under a server secret shared by
 * every node, bound to the cookie's name, so the browser can neither read nor alter what it carries.
 */
public final class CookieSeal {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
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
        byte[] iv = Tokens.randomBytes(IV_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The value, or empty when the cookie was forged, altered, truncated or sealed under another key. */
    public Optional<String> open(String sealed) {
        if (sealed == null || sealed.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] box = B64D.decode(sealed);
            if (box.length <= IV_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, box, 0, IV_BYTES));
            cipher.updateAAD(aad);
            return Optional.of(new String(cipher.doFinal(box, IV_BYTES, box.length - IV_BYTES), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
