package io.gatehouse.store;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Recognises constraint violations (by SQLSTATE on PostgreSQL, by extended result code on SQLite, which has none)
 * and a store that cannot be reached.
 */
public final class SqlErrors {
    /** admin_shutdown, crash_shutdown, cannot_connect_now. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

    private SqlErrors() {
    }

    public static boolean isForeignKeyViolation(Throwable e) {
        return hasState(e, "23503", Set.of(SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY));
    }

    public static boolean isUniqueViolation(Throwable e) {
        return hasState(e, "23505", Set.of(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY));
    }

    /**
     * True when the failure says the store is away rather than that the statement was wrong: no pooled connection
     * within {@code db.connect.timeout} (the pool's {@link SQLTransientConnectionException}), a connection lost or
     * refused (SQLSTATE class 08) or a server shutting down or starting up (57P01–57P03).
     */
    public static boolean isStoreUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a change, turning a unique-index violation (a race lost to a concurrent insert) into {@code conflict}. */
    public static <T> T unique(java.util.function.Supplier<T> change, java.util.function.Supplier<? extends RuntimeException> conflict) {
        try {
            return change.get();
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw conflict.get();
            }
            throw e;
        }
    }

    private static boolean hasState(Throwable e, String state, Set<SQLiteErrorCode> sqliteCodes) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite && sqliteCodes.contains(sqlite.getResultCode())
                    || t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
