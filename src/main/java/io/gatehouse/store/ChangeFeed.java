package io.gatehouse.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A single version number for everything the data plane caches. A change bumps it inside its own transaction, so
 * the new version becomes visible exactly when the change does; every node polls it (a one-row read) and reloads
 * what it caches when it moves. That is how a revoked key stops working on every node within a second.
 */
public final class ChangeFeed {
    private ChangeFeed() {
    }

    public static void bump(Handle h) {
        h.createUpdate("UPDATE change_feed SET version = version + 1 WHERE id = 1").execute();
    }

    public static long version(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT version FROM change_feed WHERE id = 1").mapTo(Long.class).one());
    }
}
