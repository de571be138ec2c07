package io.gatehouse.testing;

import io.gatehouse.store.Columns;
import io.gatehouse.store.Database;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh, empty database for one test server. The engine comes from the system property
 * {@code gatehouse.test.db}: {@code embedded} (default; the SQLite store in a temporary data directory) or
 * {@code postgres} (a new database created on the server named by {@code gatehouse.test.pgUrl}, dropped
 * afterwards). When PostgreSQL is unreachable the test is skipped — or fails, if
 * {@code gatehouse.test.requirePostgres} is true, as it is in CI.
 */
public final class TestDatabase implements AutoCloseable {
    private final Path dataDir;
    private final String pgDatabase;
    private final Map<String, String> settings = new HashMap<>();

    private TestDatabase(Path dataDir, String pgDatabase) {
        this.dataDir = dataDir;
        this.pgDatabase = pgDatabase;
    }

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("gatehouse.test.db", "embedded").toLowerCase(Locale.ROOT));
    }

    public static TestDatabase create() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("gatehouse-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (!postgres()) {
            TestDatabase db = new TestDatabase(dataDir, null);
            db.settings.put("data.dir", dataDir.toString());
            return db;
        }
        String name = "gh_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = adminConnection()) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            unavailable("PostgreSQL at " + adminUrl() + " is not reachable: " + e.getMessage());
        }
        TestDatabase db = new TestDatabase(dataDir, name);
        db.settings.put("data.dir", dataDir.toString());
        db.settings.put("db.url", jdbcUrl(name));
        db.settings.put("db.user", pgUser());
        return db;
    }

    /** Settings to start a node on this database. */
    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A direct connection for tests that inspect the stored rows. */
    public Connection connect() throws SQLException {
        if (pgDatabase != null) {
            return DriverManager.getConnection(jdbcUrl(pgDatabase), pgUser(), "");
        }
        return DriverManager.getConnection("jdbc:sqlite:" + Database.embeddedFiles(dataDir).getFirst().toAbsolutePath());
    }

    /** Binds an instant to a statement of {@link #connect()} the way the product stores it on this engine. */
    public void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (isPostgres()) {
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else {
            statement.setString(index, Columns.sqliteText(instant));
        }
    }

    public boolean isPostgres() {
        return pgDatabase != null;
    }

    @Override
    public void close() {
        if (pgDatabase != null) {
            try (Connection c = adminConnection()) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
            } catch (SQLException ignored) {
                // A leftover test database is harmless; the next run uses a new name.
            }
        }
        deleteRecursively(dataDir);
    }

    static void unavailable(String why) {
        if (Boolean.getBoolean("gatehouse.test.requirePostgres")) {
            throw new IllegalStateException(why + " (gatehouse.test.requirePostgres is set, so this fails instead of skipping)");
        }
        Assumptions.abort(why);
    }

    private static Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(adminUrl(), pgUser(), "");
    }

    private static String adminUrl() {
        return System.getProperty("gatehouse.test.pgUrl", "jdbc:postgresql://127.0.0.1:5432/postgres");
    }

    private static String pgUser() {
        return System.getProperty("gatehouse.test.pgUser", "postgres");
    }

    private static String jdbcUrl(String database) {
        String admin = adminUrl();
        int slash = admin.lastIndexOf('/');
        int query = admin.indexOf('?', slash);
        return admin.substring(0, slash + 1) + database + (query > 0 ? admin.substring(query) : "");
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: temporary files.
                }
            });
        } catch (IOException ignored) {
            // Best effort.
        }
    }
}
