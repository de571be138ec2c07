package io.gatehouse.crypto;

import io.gatehouse.config.GatehouseConfig;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The versioned master keys that wrap every data key. They come from {@code GATEHOUSE_MASTER_KEY} or, when
 * that is unset, from the key file {@code <data dir>/master.key} (created with mode 0600 at first start).
 * Both hold entries {@code <version>:<base64 of 32 bytes>} separated by commas or new lines; a bare base64
 * key is version 1. The highest version seals new secrets; older versions stay readable until
 * {@code gatehouse keys rotate} has re-wrapped everything under the newest one.
 */
public final class MasterKeyring {
    public static final String KEY_FILE = "master.key";
    private static final int KEY_BYTES = 32;

    private final NavigableMap<Integer, SecretKey> keys;
    private final String source;

    private MasterKeyring(NavigableMap<Integer, SecretKey> keys, String source) {
        if (keys.isEmpty()) {
            throw new KeyringException("The master key from " + source + " holds no keys");
        }
        this.keys = Collections.unmodifiableNavigableMap(keys);
        this.source = source;
    }

    /** Parses {@code <version>:<base64>} entries (or one bare base64 key). */
    public static MasterKeyring parse(String spec, String source) {
        NavigableMap<Integer, SecretKey> keys = new TreeMap<>();
        for (String raw : spec.split("[,\\n]")) {
            String entry = raw.trim();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int colon = entry.indexOf(':');
            int version = 1;
            String material = entry;
            if (colon > 0) {
                try {
                    version = Integer.parseInt(entry.substring(0, colon).trim());
                } catch (NumberFormatException e) {
                    throw new KeyringException("The master key from " + source + " has an entry whose version is not a number");
                }
                material = entry.substring(colon + 1).trim();
            }
            if (version < 1) {
                throw new KeyringException("The master key from " + source + " has a version below 1");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(material);
            } catch (IllegalArgumentException e) {
                throw new KeyringException("The master key from " + source + " (version " + version + ") is not valid base64");
            }
            if (bytes.length != KEY_BYTES) {
                throw new KeyringException("The master key from " + source + " (version " + version
                        + ") must be 32 bytes in base64 (e.g. from `openssl rand -base64 32`), got " + bytes.length + " bytes");
            }
            if (keys.put(version, new SecretKeySpec(bytes, "AES")) != null) {
                throw new KeyringException("The master key from " + source + " names version " + version + " twice");
            }
        }
        return new MasterKeyring(keys, source);
    }

    /**
     * The keyring of this node. When neither the environment nor the key file provides one, a key file is
     * created only if {@code mayCreate} (a store with no secrets yet); otherwise starting would orphan them.
     */
    public static MasterKeyring load(GatehouseConfig config, boolean mayCreate) {
        if (config.masterKey().isPresent()) {
            return parse(config.masterKey().get(), "GATEHOUSE_MASTER_KEY");
        }
        Path file = keyFile(config);
        if (Files.exists(file)) {
            refuseIfOthersMayRead(file);
            try {
                return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            } catch (IOException e) {
                throw new KeyringException("Cannot read the master key file " + file + ": " + e.getMessage());
            }
        }
        if (!mayCreate) {
            throw new KeyringException("No master key: GATEHOUSE_MASTER_KEY is unset and " + file
                    + " does not exist, but the store already holds encrypted secrets. Restore the key file or set"
                    + " GATEHOUSE_MASTER_KEY to the key used before; Gatehouse will not start without it.");
        }
        String entry = "1:" + Base64.getEncoder().encodeToString(Tokens.randomBytes(KEY_BYTES));
        writeKeyFile(file, entry + "\n", false);
        return parse(entry, file.toString());
    }

    /**
     * A key file that other users may read (or change) is refused rather than quietly narrowed: the key may already be
     * out, and the operator should know, rotate it if need be, and fix how the file is provisioned.
     */
    static void refuseIfOthersMayRead(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw new KeyringException("Cannot read the permissions of the master key file " + file + ": " + e.getMessage());
        }
        if (mode.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
            throw new KeyringException("The master key file " + file + " is open to other users (mode "
                    + PosixFilePermissions.toString(mode) + "); make it readable by its owner only with `chmod 600 "
                    + file + "` (and consider rotating the key: gatehouse keys rotate), then start again");
        }
    }

    public static Path keyFile(GatehouseConfig config) {
        return config.dataDir().resolve(KEY_FILE);
    }

    /** Writes the key file readable by its owner only; {@code replace} swaps it atomically. */
    public static void writeKeyFile(Path file, String content, boolean replace) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            boolean posix = tmp.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            if (!replace && Files.exists(file)) {
                Files.delete(tmp);
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new KeyringException("Cannot write the master key file " + file + ": " + e.getMessage());
        }
    }

    /** A keyring with one more version, newest, for rotation. */
    public MasterKeyring withNewVersion() {
        NavigableMap<Integer, SecretKey> next = new TreeMap<>(keys);
        next.put(keys.lastKey() + 1, new SecretKeySpec(Tokens.randomBytes(KEY_BYTES), "AES"));
        return new MasterKeyring(next, source);
    }

    /** The keyring in its file format, newest first. */
    public String serialize() {
        StringBuilder sb = new StringBuilder();
        for (var e : keys.descendingMap().entrySet()) {
            sb.append(e.getKey()).append(':').append(Base64.getEncoder().encodeToString(e.getValue().getEncoded())).append('\n');
        }
        return sb.toString();
    }

    public int primaryVersion() {
        return keys.lastKey();
    }

    public java.util.Set<Integer> versions() {
        return keys.keySet();
    }

    SecretKey primaryKey() {
        return keys.lastEntry().getValue();
    }

    SecretKey key(int version) {
        SecretKey key = keys.get(version);
        if (key == null) {
            throw new KeyringException("A secret is sealed with master key version " + version
                    + ", which " + source + " does not hold");
        }
        return key;
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "MasterKeyring{versions=" + keys.keySet() + ", source=" + source + "}";
    }
}
