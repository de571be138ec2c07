package io.gatehouse.store;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.Settings;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Earlier versions kept the embedded store in H2 ({@code gatehouse.mv.db}). On the first start of this version on
 * such a data directory, its rows move to the SQLite store: the new store is migrated to the schema version the H2
 * one has, every table's rows are copied in foreign-key order (columns by name), the row counts are compared, and
 * only then does the SQLite file take its place, under its final name, and are the H2 files renamed to
 * {@code *.imported-<date>}. A start killed half-way leaves the H2 database as it was and imports again.
 */
final class H2Import {
    private static final Logger log = LoggerFactory.getLogger(H2Import.class);
    static final String H2_FILE = "gatehouse.mv.db";
    private static final String TRACE_FILE = "gatehouse.trace.db";
    private static final String PASSWORD_FILE = "db.password";
    private static final String HISTORY = "flyway_schema_history";
    private static final int BATCH = 1000;

    private H2Import() {
    }

    /** Imports the H2 database of {@code dataDir} if there is one and no SQLite store yet. */
    static void importIfPresent(Path dataDir, Settings settings) {
        Path h2 = dataDir.resolve(H2_FILE);
        if (!Files.exists(h2)) {
            return;
        }
        List<Path> store = Database.embeddedFiles(dataDir);
        if (Files.exists(store.getFirst())) {
            log.warn("{} holds both the SQLite store and an H2 database ({}); using the SQLite store, the H2 file is left as"
                    + " it is", dataDir, H2_FILE);
            return;
        }
        Path importing = dataDir.resolve(Database.EMBEDDED_FILE + ".importing");
        try {
            for (Path stale : List.of(importing, sibling(importing, "-wal"), sibling(importing, "-shm"),
                    store.get(1), store.get(2))) {
                Files.deleteIfExists(stale);
            }
            Result result = copy(dataDir, settings, importing);
            if (Files.exists(sibling(importing, "-wal")) && Files.size(sibling(importing, "-wal")) > 0) {
                throw new ConfigException("The store imported from " + h2 + " was not checkpointed; " + H2_FILE
                        + " is unchanged. Start again to retry.");
            }
            Files.deleteIfExists(sibling(importing, "-wal"));
            Files.deleteIfExists(sibling(importing, "-shm"));
            Files.move(importing, store.getFirst(), StandardCopyOption.ATOMIC_MOVE);
            String suffix = ".imported-" + LocalDate.now(ZoneOffset.UTC);
            for (String name : List.of(H2_FILE, TRACE_FILE)) {
                Path file = dataDir.resolve(name);
                if (Files.exists(file)) {
                    Files.move(file, file.resolveSibling(name + suffix), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            log.info("Imported the H2 store of an earlier version into {} (schema version {}, {} rows in {} tables);"
                            + " {} renamed to {}", store.getFirst(), result.version(), result.rows(), result.tables(),
                    H2_FILE, H2_FILE + suffix);
        } catch (IOException e) {
            throw new ConfigException("Cannot import the H2 store " + h2 + ": " + e.getMessage());
        }
    }

    private record Result(String version, long rows, int tables) {
    }

    private static Result copy(Path dataDir, Settings settings, Path importing) {
        String url = "jdbc:h2:file:" + dataDir.resolve("gatehouse").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        String user = settings.get("db.user").orElse("gatehouse");
        String password = settings.get("db.password").orElseGet(() -> password(dataDir));
        try (Connection source = DriverManager.getConnection(url, user, password)) {
            String version = schemaVersion(source);
            try (Database target = Database.openEmbedded(importing, settings)) {
                target.migrate(MigrationVersion.fromVersion(version));
                List<String> tables = target.jdbi().withHandle(H2Import::tablesInForeignKeyOrder);
                long rows = target.jdbi().inTransaction(h -> copyRows(source, h, tables));
                verifyCounts(source, target, tables);
                target.jdbi().useHandle(h -> h.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
                return new Result(version, rows, tables.size());
            }
        } catch (SQLException e) {
            throw new ConfigException("Cannot import the H2 store in " + dataDir + " (it is unchanged; is an earlier"
                    + " version still running on it?): " + e.getMessage());
        }
    }

    private static String password(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve(PASSWORD_FILE)).trim();
        } catch (IOException e) {
            throw new ConfigException("Cannot read the H2 store's password " + dataDir.resolve(PASSWORD_FILE) + ": " + e.getMessage());
        }
    }

    private static String schemaVersion(Connection source) throws SQLException {
        try (Statement st = source.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM " + HISTORY
                     + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new ConfigException("The H2 store has no migrated schema; move " + H2_FILE + " away to start afresh");
            }
            return rs.getString(1);
        }
    }

    /** The store's tables, each after every table it references. */
    private static List<String> tablesInForeignKeyOrder(Handle h) {
        List<String> tables = h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
                + " AND name <> :history ORDER BY name").bind("history", HISTORY).mapTo(String.class).list();
        Map<String, Set<String>> references = new LinkedHashMap<>();
        for (String table : tables) {
            Set<String> referenced = new LinkedHashSet<>(h.createQuery("SELECT \"table\" FROM pragma_foreign_key_list(:t)")
                    .bind("t", table).mapTo(String.class).list());
            referenced.remove(table);
            references.put(table, referenced);
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < tables.size()) {
            int before = ordered.size();
            for (String table : tables) {
                if (!ordered.contains(table) && ordered.containsAll(references.get(table))) {
                    ordered.add(table);
                }
            }
            if (ordered.size() == before) {
                throw new IllegalStateException("Foreign keys form a cycle among " + references);
            }
        }
        return ordered;
    }

    /** Replaces what the migrations seeded with the H2 store's rows; returns how many were copied. */
    private static long copyRows(Connection source, Handle target, List<String> tables) throws SQLException {
        for (String table : tables.reversed()) {
            target.execute("DELETE FROM " + table);
        }
        long copied = 0;
        for (String table : tables) {
            List<String> columns = target.createQuery("SELECT name FROM pragma_table_info(:t) ORDER BY cid")
                    .bind("t", table).mapTo(String.class).list();
            String names = String.join(", ", columns);
            String insert = "INSERT INTO " + table + " (" + names + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)";
            try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT " + names + " FROM " + table)) {
                PreparedBatch batch = target.prepareBatch(insert);
                while (rs.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        batch.bind(i, rs.getObject(i + 1));
                    }
                    batch.add();
                    copied++;
                    if (batch.size() == BATCH) {
                        batch.execute();
                        batch = target.prepareBatch(insert);
                    }
                }
                if (batch.size() > 0) {
                    batch.execute();
                }
            }
        }
        return copied;
    }

    private static void verifyCounts(Connection source, Database target, List<String> tables) throws SQLException {
        for (String table : tables) {
            long copied = target.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
            try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                if (rs.getLong(1) != copied) {
                    throw new ConfigException("Importing the H2 store: table " + table + " has " + rs.getLong(1)
                            + " rows there but " + copied + " were copied; " + H2_FILE + " is unchanged");
                }
            }
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
