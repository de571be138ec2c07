package io.gatehouse.testing;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;
import io.gatehouse.store.Database;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A fresh, migrated store (SQLite or PostgreSQL, as {@link TestDatabase} decides) without a running node. */
public final class MigratedStore implements AutoCloseable {
    private final TestDatabase testDatabase;
    private final Database database;

    private MigratedStore(TestDatabase testDatabase, Database database) {
        this.testDatabase = testDatabase;
        this.database = database;
    }

    public static MigratedStore create() {
        return create(Map.of());
    }

    /** With settings beyond the database's own (e.g. {@code db.embedded.synchronous}). */
    public static MigratedStore create(Map<String, String> extra) {
        TestDatabase db = TestDatabase.create();
        try {
            Map<String, String> settings = new HashMap<>(db.settings());
            settings.putAll(extra);
            Database database = Database.open(new GatehouseConfig(Settings.of(settings)));
            database.migrate();
            return new MigratedStore(db, database);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public Path dataDir() {
        return testDatabase.dataDir();
    }

    public Database database() {
        return database;
    }

    /** The first column of the first row of a query, as a number (0 when SQL says NULL). */
    public long number(String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).findOne().orElse(0L));
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            testDatabase.close();
        }
    }
}
