package io.gatehouse.store;

import java.sql.SQLException;

/** Recognises constraint violations by SQLSTATE, which H2 and PostgreSQL share. */
public final class SqlErrors {
    private SqlErrors() {
    }

    public static boolean isForeignKeyViolation(Throwable e) {
        return hasState(e, "23503");
    }

    public static boolean isUniqueViolation(Throwable e) {
        return hasState(e, "23505");
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

    private static boolean hasState(Throwable e, String state) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
