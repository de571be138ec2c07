package io.gatehouse.store;

import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Connections to the embedded SQLite file, each set up the same way (see {@link Database} for why each setting):
 * WAL, the chosen {@code synchronous} mode, foreign keys, transactions that begin IMMEDIATE, and a busy handler.
 *
 * <p>SQLite has one writer at a time; a writer that finds the lock taken asks the busy handler whether to try again.
 * SQLite's own handler ({@code busy_timeout}) sleeps longer and longer between tries (1, 2, 5, 10 … 100 ms), so two
 * writers taking turns — the usage and policy-event writers flush every 50 ms — could leave one waiting tens of
 * milliseconds after the lock was free, eating the window in which a killed process may lose what clients were
 * answered. This handler tries again every half millisecond until {@code wait} has passed.
 */
final class SqliteConnections extends SQLiteDataSource {
    private static final long RETRY_NANOS = 500_000;

    private final long waitNanos;

    SqliteConnections(Path file, String synchronous, Duration wait) {
        super(config(synchronous));
        setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        this.waitNanos = wait.toNanos();
    }

    private static SQLiteConfig config(String synchronous) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous));
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    /** Every connection, {@link #getConnection()}'s too, is made here. */
    @Override
    public SQLiteConnection getConnection(String username, String password) throws SQLException {
        SQLiteConnection connection = super.getConnection(username, password);
        BusyHandler.setHandler(connection, new Retry(waitNanos));
        return connection;
    }

    /** One per connection: a connection is used by one thread at a time. */
    private static final class Retry extends BusyHandler {
        private final long waitNanos;
        private long firstTry;

        Retry(long waitNanos) {
            this.waitNanos = waitNanos;
        }

        @Override
        protected int callback(int previousTries) {
            long now = System.nanoTime();
            if (previousTries == 0) {
                firstTry = now;
            } else if (now - firstTry >= waitNanos) {
                return 0;
            }
            LockSupport.parkNanos(RETRY_NANOS);
            return 1;
        }
    }
}
