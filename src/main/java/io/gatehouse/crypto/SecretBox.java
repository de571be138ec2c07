package io.gatehouse.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Envelope encryption, the one door between stored ciphertext and a usable secret. Each secret gets a fresh
 * 256-bit data key; the secret is sealed with AES-256-GCM under the data key, and the data key under the
 * newest master key. The sealed form is {@code gh1:<master version>:<wrapped data key>:<ciphertext>}
 * (URL-safe base64), bound to a context string (such as the row it belongs to) as associated data, so a
 * ciphertext copied onto another row does not open.
 *
 * <p>When a sealed value names a master key version this box does not hold (another process, such as
 * {@code gatehouse keys rotate}, added it to the key file), the box reloads its keyring from the source once
 * and retries, so a running server keeps serving through a rotation.
 */
public final class SecretBox {
    private static final String FORMAT = "gh1";
    private static final byte[] DATA_KEY_AAD = "gatehouse/data-key".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private volatile MasterKeyring keyring;
    private final Supplier<MasterKeyring> reload;

    public SecretBox(MasterKeyring keyring) {
        this(keyring, null);
    }

    /** A box that rereads its keyring with {@code reload} when it meets a version it does not hold. */
    public SecretBox(MasterKeyring keyring, Supplier<MasterKeyring> reload) {
        this.keyring = keyring;
        this.reload = reload;
    }

    public MasterKeyring keyring() {
        return keyring;
    }

    /** Makes a newer keyring current (after rotation); secrets sealed before stay readable. */
    public void useKeyring(MasterKeyring newer) {
        this.keyring = newer;
    }

    public String seal(String plaintext, String context) {
        MasterKeyring ring = keyring;
        byte[] dataKey = Tokens.randomBytes(32);
        byte[] payload = AesGcm.seal(new SecretKeySpec(dataKey, "AES"), plaintext.getBytes(StandardCharsets.UTF_8), aad(context));
        byte[] wrapped = AesGcm.seal(ring.primaryKey(), dataKey, DATA_KEY_AAD);
        java.util.Arrays.fill(dataKey, (byte) 0);
        return FORMAT + ":" + ring.primaryVersion() + ":" + B64.encodeToString(wrapped) + ":" + B64.encodeToString(payload);
    }

    public Secret open(String sealed, String context) {
        Parts parts = Parts.of(sealed);
        byte[] dataKey = decrypt(holding(parts.version).key(parts.version), parts.wrapped, DATA_KEY_AAD, "master key version " + parts.version);
        try {
            byte[] plain = decrypt(new SecretKeySpec(dataKey, "AES"), parts.payload, aad(context), "data key");
            return new Secret(new String(plain, StandardCharsets.UTF_8));
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Re-wraps the data key under the newest master key without touching the sealed secret itself. */
    public String rewrap(String sealed) {
        Parts parts = Parts.of(sealed);
        MasterKeyring ring = holding(parts.version);
        if (parts.version == ring.primaryVersion()) {
            return sealed;
        }
        byte[] dataKey = decrypt(ring.key(parts.version), parts.wrapped, DATA_KEY_AAD, "master key version " + parts.version);
        try {
            byte[] wrapped = AesGcm.seal(ring.primaryKey(), dataKey, DATA_KEY_AAD);
            return FORMAT + ":" + ring.primaryVersion() + ":" + B64.encodeToString(wrapped) + ":" + B64.encodeToString(parts.payload);
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The current keyring, reloaded once from its source when it lacks {@code version}. */
    private MasterKeyring holding(int version) {
        MasterKeyring ring = keyring;
        if (reload == null || ring.versions().contains(version)) {
            return ring;
        }
        synchronized (this) {
            if (!keyring.versions().contains(version)) {
                keyring = reload.get();
            }
            return keyring;
        }
    }

    /** How every value sealed under master key {@code version} begins, for finding them in the store. */
    public static String versionPrefix(int version) {
        return FORMAT + ":" + version + ":";
    }

    /** The master key version a sealed value depends on. */
    public static int keyVersion(String sealed) {
        return Parts.of(sealed).version;
    }

    private static byte[] aad(String context) {
        return ("gatehouse/secret/" + context).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decrypt(SecretKey key, byte[] box, byte[] aad, String what) {
        if (box.length <= AesGcm.IV_BYTES) {
            throw new KeyringException("A stored secret is truncated");
        }
        try {
            return AesGcm.open(key, box, aad);
        } catch (AEADBadTagException e) {
            throw new KeyringException("A stored secret does not open with the " + what
                    + ": the master key is wrong or the ciphertext was altered");
        }
    }

    private record Parts(int version, byte[] wrapped, byte[] payload) {
        static Parts of(String sealed) {
            String[] p = sealed == null ? new String[0] : sealed.split(":");
            if (p.length != 4 || !p[0].equals(FORMAT)) {
                throw new KeyringException("A stored secret is not in the gh1 sealed format");
            }
            try {
                return new Parts(Integer.parseInt(p[1]), B64D.decode(p[2]), B64D.decode(p[3]));
            } catch (IllegalArgumentException e) {
                throw new KeyringException("A stored secret is not in the gh1 sealed format");
            }
        }
    }
}
