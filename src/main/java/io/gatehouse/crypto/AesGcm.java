package io.gatehouse.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;

/**
 * The package's one cipher: AES-GCM with a fresh 96-bit IV per message, written in front of the ciphertext and its
 * 128-bit tag, and associated data the box is bound to.
 */
final class AesGcm {
    static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private AesGcm() {
    }

    /** IV, then ciphertext and tag. */
    static byte[] seal(SecretKey key, byte[] plain, byte[] aad) {
        byte[] iv = Tokens.randomBytes(IV_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            byte[] box = new byte[IV_BYTES + cipher.getOutputSize(plain.length)];
            System.arraycopy(iv, 0, box, 0, IV_BYTES);
            cipher.doFinal(plain, 0, plain.length, box, IV_BYTES);
            return box;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * The plaintext of a box from {@link #seal}.
     *
     * @throws AEADBadTagException when it does not open: too short, another key or associated data, or altered
     */
    static byte[] open(SecretKey key, byte[] box, byte[] aad) throws AEADBadTagException {
        if (box.length <= IV_BYTES) {
            throw new AEADBadTagException("truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, box, 0, IV_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(box, IV_BYTES, box.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }
}
