package io.gatehouse.crypto;

import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * Secrets the server itself needs identically on every node, such as the key that signs session tokens:
 * generated once, sealed under the master key and kept in the store.
 */
public final class ServerSecrets {
    public static final String SESSION_SIGNING_KEY = "session-signing-key";
    /** Seals the web console's session cookie. */
    public static final String CONSOLE_COOKIE_KEY = "console-cookie-key";
    /** Where these secrets are stored, for rotation and the start-up check. */
    public static final SealedColumn COLUMN = new SealedColumn("server_secret", "name", "sealed", null, "server_secret/", "");

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Clock clock;

    public ServerSecrets(Jdbi jdbi, SecretBox box, Clock clock) {
        this.jdbi = jdbi;
        this.box = box;
        this.clock = clock;
    }

    /** The named 256-bit secret, created on first use (the first node to create it wins). */
    public byte[] getOrCreate(String name) {
        String sealed = jdbi.withHandle(h -> h.createQuery("SELECT sealed FROM server_secret WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne().orElse(null));
        if (sealed == null) {
            String fresh = box.seal(Base64.getEncoder().encodeToString(Tokens.randomBytes(32)), context(name));
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO server_secret (name, sealed, created_at)
                            SELECT :name, :sealed, :now WHERE NOT EXISTS (SELECT 1 FROM server_secret WHERE name = :name)""")
                    .bind("name", name).bind("sealed", fresh).bind("now", Instant.now(clock)).execute());
            sealed = jdbi.withHandle(h -> h.createQuery("SELECT sealed FROM server_secret WHERE name = :name")
                    .bind("name", name).mapTo(String.class).one());
        }
        return Base64.getDecoder().decode(box.open(sealed, context(name)).reveal());
    }

    private static String context(String name) {
        return COLUMN.context(name);
    }
}
