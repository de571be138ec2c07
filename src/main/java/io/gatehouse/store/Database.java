package io.gatehouse.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatehouse.config.ConfigException;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The store: a pooled connection to the embedded SQLite file under the data directory (zero set-up) or to the
 * PostgreSQL named by {@code GATEHOUSE_DB_URL}, with one set of Flyway migrations for both.
 * All access goes through {@link #jdbi()} and runs on virtual threads or workers, never on an event loop.
 *
 * <p>The embedded store is SQLite in WAL mode with {@code synchronous=NORMAL}: a commit is in the write-ahead log
 * before it is acknowledged, so a killed process loses nothing that was answered (an operating-system crash or power
 * loss may lose the last commits; {@code db.embedded.synchronous=FULL} syncs every commit to disk against that, at a
 * cost measured in decision 0006). Transactions begin {@code IMMEDIATE}, taking the one write lock
 * up front, so a read-then-write transaction never fails half-way with SQLITE_BUSY; waiting writers try again every
 * half millisecond for up to {@code db.connect.timeout} ({@link SqliteConnections}). A second local process
 * ({@code gatehouse keys rotate}) opens the same file while the server runs: SQLite locks the file between processes.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** The embedded store's file in the data directory. */
    static final String EMBEDDED_FILE = "gatehouse.db";

    public enum Engine { SQLITE, POSTGRESQL }

    private final HikariDataSource dataSource;
    private final Engine engine;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource, Engine engine) {
        this.dataSource = dataSource;
        this.engine = engine;
        this.jdbi = Jdbi.create(dataSource);
        // Queries with optional filters bind every parameter and use some.
        this.jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        // Exceptions keep the driver's message but not JDBI's dump of bound values (hashes, ciphertexts, e-mails).
        this.jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        if (engine == Engine.SQLITE) {
            Columns.bindAsText(jdbi);
        }
    }

    /**
     * Opens the pool (and checks the connection) without migrating. The embedded store is first imported from the
     * H2 database an earlier version kept in the data directory, if there is one and no SQLite store yet.
     */
    public static Database open(GatehouseConfig config) {
        if (config.dbUrl().isPresent()) {
            // GatehouseConfig admits PostgreSQL URLs only.
            HikariConfig hikari = pool(config.settings());
            // The server's "Failing row contains (…)" details would put row values into exception messages.
            hikari.addDataSourceProperty("logServerErrorDetail", "false");
            // A JDBC batch (a flush of usage records) travels as multi-row statements; the URL may still say otherwise.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.dbUser().ifPresent(hikari::setUsername);
            config.dbPassword().ifPresent(hikari::setPassword);
            return open(hikari, config.dbUrl().get(), Engine.POSTGRESQL);
        }
        H2Import.importIfPresent(config.dataDir(), config.settings());
        return openEmbedded(embeddedFiles(config.dataDir()).getFirst(), config.settings());
    }

    /** The SQLite file at {@code file}, created readable by its owner only if it does not exist yet. */
    static Database openEmbedded(Path file, Settings settings) {
        createPrivately(file);
        HikariConfig hikari = pool(settings);
        hikari.setDataSource(new SqliteConnections(file, synchronous(settings), Duration.ofMillis(hikari.getConnectionTimeout())));
        return open(hikari, "jdbc:sqlite:" + file.toAbsolutePath(), Engine.SQLITE);
    }

    /**
     * Every file of the embedded store in {@code dataDir}: the database, then the write-ahead log and its
     * shared-memory index, which SQLite creates beside it while it is open (with the database file's permissions).
     * Whatever copies, backs up or narrows the permissions of the store must cover all of them.
     */
    public static List<Path> embeddedFiles(Path dataDir) {
        Path db = dataDir.resolve(EMBEDDED_FILE);
        return List.of(db, db.resolveSibling(EMBEDDED_FILE + "-wal"), db.resolveSibling(EMBEDDED_FILE + "-shm"));
    }

    /** {@code db.embedded.synchronous}: NORMAL (survives a killed process) or FULL (also a power loss). */
    private static String synchronous(Settings settings) {
        String mode = settings.get("db.embedded.synchronous", "NORMAL").trim().toUpperCase(Locale.ROOT);
        if (!mode.equals("NORMAL") && !mode.equals("FULL")) {
            throw new ConfigException("Setting db.embedded.synchronous must be NORMAL or FULL");
        }
        return mode;
    }

    private static HikariConfig pool(Settings settings) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("gatehouse-db");
        hikari.setMaximumPoolSize(settings.getInt("db.pool.size", 16));
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(settings.getDuration("db.connect.timeout", Duration.ofSeconds(10)).toMillis());
        hikari.setInitializationFailTimeout(hikari.getConnectionTimeout());
        return hikari;
    }

    private static Database open(HikariConfig hikari, String url, Engine engine) {
        if (hikari.getDataSource() == null) {
            hikari.setJdbcUrl(url);
        }
        try {
            return new Database(new HikariDataSource(hikari), engine);
        } catch (RuntimeException e) {
            throw new ConfigException("Cannot connect to the database " + describe(url) + ": " + rootMessage(e));
        }
    }

    /** An empty file is an empty SQLite database; made here so that it, and so its WAL files, are private. */
    private static void createPrivately(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                return;
            }
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // Another process made it first: fine.
        } catch (IOException e) {
            throw new ConfigException("Cannot create the embedded store " + file + ": " + e.getMessage());
        }
    }

    /** Brings the schema to the newest version. */
    public void migrate() {
        migrate(null);
    }

    /** Brings the schema to {@code target} (null: the newest version). */
    void migrate(MigrationVersion target) {
        FluentConfiguration flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + MigrationScripts.LOCATION)
                .baselineOnMigrate(false);
        if (engine == Engine.SQLITE) {
            flyway.resourceProvider(MigrationScripts.forSqlite());
        }
        if (target != null) {
            flyway.target(target);
        }
        try {
            flyway.load().migrate();
        } catch (FlywayException e) {
            throw new ConfigException("Database migration failed: " + e.getMessage());
        }
    }

    /** True when the schema exists and the server has sealed secrets in it (a store that was started before). */
    public boolean holdsSealedSecrets() {
        try (Connection c = dataSource.getConnection()) {
            if (!tableExists(c, "server_secret")) {
                return false;
            }
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM server_secret")) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new ConfigException("Cannot read the database: " + e.getMessage());
        }
    }

    /** True when the schema has the table (in either letter case, as engines fold unquoted names differently). */
    public static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String candidate : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(null, null, candidate, new String[] {"TABLE", "BASE TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Engine engine() {
        return engine;
    }

    /** True while a connection can be taken and used. */
    public boolean isHealthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String describe(String url) {
        return url.replaceAll("(?i)password=[^&;]*", "password=***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        log.debug("database connection failure", e);
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
