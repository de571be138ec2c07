package io.gatehouse.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Reading and writing column values the same way on every engine, for row mappers.
 *
 * <p>Timestamps ({@code TIMESTAMP WITH TIME ZONE}): PostgreSQL has the type; SQLite has no date type at all, so there
 * every instant is bound as one fixed-width UTC text, {@code 2026-12-07T04:39:13.123456Z} (microseconds, as
 * PostgreSQL keeps): text of one width sorts and compares in time order, so ordering, range filters and retention
 * cut-offs bound as parameters stay correct, and the file stays readable with the {@code sqlite3} shell. {@link
 * #instant} accepts what either driver hands back.
 *
 * <p>Nullable numbers and booleans: SQLite's driver refuses {@code getObject(column, Long.class)} on a NULL, so
 * they are read as primitives and checked with {@code wasNull()}.
 */
public final class Columns {
    static final DateTimeFormatter SQLITE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Columns() {
    }

    /** The column's instant, or null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return toInstant(rs.getObject(column));
    }

    /** The column's instant, or null. */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        return toInstant(rs.getObject(column));
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    public static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }

    static Instant toInstant(Object value) {
        return switch (value) {
            case null -> null;
            case OffsetDateTime t -> t.toInstant();
            case Timestamp t -> t.toInstant();
            case Instant t -> t;
            case String text -> Instant.parse(text);
            default -> throw new IllegalStateException("Not a timestamp: " + value.getClass().getName());
        };
    }

    /** The stored text of an instant on SQLite. */
    public static String sqliteText(Instant instant) {
        return SQLITE.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * An instant as a parameter of a plain JDBC statement on the connection's engine: the fixed-width UTC text on
     * SQLite, an {@link OffsetDateTime} on PostgreSQL (what {@link #bindAsText} does for statements bound by Jdbi).
     */
    public static Object timestampParameter(Instant instant, boolean sqlite) {
        return sqlite ? sqliteText(instant) : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Whether the connection is to the embedded SQLite store. */
    public static boolean isSqlite(Connection connection) throws SQLException {
        return connection.getMetaData().getURL().startsWith("jdbc:sqlite:");
    }

    /** Binds {@link Instant} and {@link OffsetDateTime} as the fixed-width UTC text (SQLite only). */
    static void bindAsText(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.VARCHAR) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                String text = sqliteText(value);
                return (position, statement, ctx) -> statement.setString(position, text);
            }
        });
        jdbi.registerArgument(new AbstractArgumentFactory<OffsetDateTime>(Types.VARCHAR) {
            @Override
            protected Argument build(OffsetDateTime value, ConfigRegistry config) {
                String text = sqliteText(value.toInstant());
                return (position, statement, ctx) -> statement.setString(position, text);
            }
        });
    }
}
