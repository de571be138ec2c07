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

    private static boolean hasState(Throwable e, String state) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
