package io.gatehouse.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatehouse.config.ConfigException;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.crypto.MasterKeyring;
import io.gatehouse.crypto.Tokens;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

/**
 * The store: a pooled connection to the embedded H2 file database under the data directory (zero set-up)
 * or to the PostgreSQL named by {@code GATEHOUSE_DB_URL}, with one set of Flyway migrations for both.
 * All access goes through {@link #jdbi()} and runs on virtual threads or workers, never on an event loop.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    static final String EMBEDDED_PASSWORD_FILE = "db.password";

    public enum Engine { H2, POSTGRESQL }

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
    }

    /** Opens the pool (and checks the connection) without migrating. */
    public static Database open(GatehouseConfig config) {
        HikariConfig hikari = new HikariConfig();
        String url;
        Engine engine;
        if (config.dbUrl().isPresent()) {
            url = config.dbUrl().get();
            engine = url.startsWith("jdbc:postgresql:") ? Engine.POSTGRESQL : Engine.H2;
            if (engine == Engine.POSTGRESQL) {
                // The server's "Failing row contains (…)" details would put row values into exception messages.
                hikari.addDataSourceProperty("logServerErrorDetail", "false");
            }
            config.dbUser().ifPresent(hikari::setUsername);
            config.dbPassword().ifPresent(hikari::setPassword);
        } else {
            url = embeddedUrl(config.dataDir());
            engine = Engine.H2;
            hikari.setUsername(config.dbUser().orElse("gatehouse"));
            hikari.setPassword(config.dbPassword().orElseGet(() -> embeddedPassword(config.dataDir())));
        }
        if (engine == Engine.POSTGRESQL) {
            // A JDBC batch (a flush of usage records) travels as multi-row statements; the URL may still say otherwise.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        hikari.setJdbcUrl(url);
        hikari.setPoolName("gatehouse-db");
        hikari.setMaximumPoolSize(config.settings().getInt("db.pool.size", 16));
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(config.settings().getDuration("db.connect.timeout", java.time.Duration.ofSeconds(10)).toMillis());
        hikari.setInitializationFailTimeout(hikari.getConnectionTimeout());
        try {
            return new Database(new HikariDataSource(hikari), engine);
        } catch (RuntimeException e) {
            throw new ConfigException("Cannot connect to the database " + describe(url) + ": " + rootMessage(e));
        }
    }

    /**
     * The embedded file database. AUTO_SERVER lets a second local process (such as {@code gatehouse keys
     * rotate}) open it while the server runs; the database password keeps other local users out.
     */
    static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("gatehouse").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
    }

    /** A random password for the embedded database, kept beside it with mode 0600. */
    private static String embeddedPassword(Path dataDir) {
        Path file = dataDir.resolve(EMBEDDED_PASSWORD_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(Tokens.randomBytes(24));
            MasterKeyring.writeKeyFile(file, password + "\n", false);
            return password;
        } catch (java.io.IOException e) {
            throw new ConfigException("Cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Brings the schema to the newest version. */
    public void migrate() {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .baselineOnMigrate(false)
                    .load()
                    .migrate();
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

    /** True when the schema has the table (in either letter case, as H2 and PostgreSQL fold differently). */
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
