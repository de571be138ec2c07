package io.gatehouse.store;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;
import java.util.Set;

/** Recognises constraint violations: by SQLSTATE on PostgreSQL, by extended result code on SQLite (which has none). */
public final class SqlErrors {
    private SqlErrors() {
    }

    public static boolean isForeignKeyViolation(Throwable e) {
        return hasState(e, "23503", Set.of(SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY));
    }

    public static boolean isUniqueViolation(Throwable e) {
        return hasState(e, "23505", Set.of(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY));
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
