package io.gatehouse.testing;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;
import io.gatehouse.store.Database;

/** A fresh, migrated store (SQLite or PostgreSQL, as {@link TestDatabase} decides) without a running node. */
public final class MigratedStore implements AutoCloseable {
    private final TestDatabase testDatabase;
    private final Database database;

    private MigratedStore(TestDatabase testDatabase, Database database) {
        this.testDatabase = testDatabase;
        this.database = database;
    }

    public static MigratedStore create() {
        TestDatabase db = TestDatabase.create();
        try {
            Database database = Database.open(new GatehouseConfig(Settings.of(db.settings())));
            database.migrate();
            return new MigratedStore(db, database);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
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
