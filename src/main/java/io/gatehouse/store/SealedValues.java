package io.gatehouse.store;

import io.gatehouse.crypto.KeyringException;
import io.gatehouse.crypto.SealedColumn;
import io.gatehouse.crypto.SecretBox;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sealed values of the whole store, column by column: checking that a master keyring opens them (before a
 * node changes anything) and re-wrapping them under the newest master key version (rotation). Columns whose
 * table does not exist yet (an older schema) are skipped.
 */
public final class SealedValues {
    /** Rows re-wrapped per transaction: short transactions keep a running server's writes flowing. */
    private static final int BATCH = 100;

    private SealedValues() {
    }

    /**
     * What a rotation did.
     *
     * @param rewrapped values re-wrapped
     * @param byOrg     of those, how many belong to each organization (installation-wide values are not counted here)
     * @param remaining values still under another version afterwards (changed concurrently; the next rotation takes them)
     */
    public record Rotation(int rewrapped, Map<String, Integer> byOrg, long remaining) {
    }

    private record Row(String key, String sealed, String orgId) {
    }

    /** Opens one value of every master key version in use, so a wrong or incomplete keyring fails here. */
    public static void verify(Jdbi jdbi, SecretBox box, List<SealedColumn> columns) {
        jdbi.useHandle(h -> {
            for (SealedColumn c : existing(h, columns)) {
                Set<Integer> opened = new HashSet<>();
                h.createQuery("SELECT " + c.keyColumn() + ", " + c.column() + " FROM " + c.table()
                                + " WHERE " + c.column() + " IS NOT NULL")
                        .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), null))
                        .forEach(row -> {
                            if (opened.add(SecretBox.keyVersion(row.sealed()))) {
                                try {
                                    box.open(row.sealed(), c.context(row.key()));
                                } catch (KeyringException e) {
                                    throw new KeyringException(c.table() + "." + c.column() + ": " + e.getMessage());
                                }
                            }
                        });
            }
        });
    }

    /** How many values are sealed under a version other than {@code version}. */
    public static long countNotUnder(Jdbi jdbi, List<SealedColumn> columns, int version) {
        return jdbi.withHandle(h -> {
            long count = 0;
            for (SealedColumn c : existing(h, columns)) {
                count += h.createQuery("SELECT COUNT(*) FROM " + c.table() + " WHERE " + c.column() + " IS NOT NULL AND "
                                + c.column() + " NOT LIKE :prefix")
                        .bind("prefix", SecretBox.versionPrefix(version) + "%").mapTo(Long.class).one();
            }
            return count;
        });
    }

    /**
     * Re-wraps every value not yet under the box's newest master key version, a batch per transaction. A row
     * changed meanwhile (a credential replaced through the API) is left as the API wrote it.
     */
    public static Rotation rewrap(Jdbi jdbi, SecretBox box, List<SealedColumn> columns) {
        int version = box.keyring().primaryVersion();
        String prefix = SecretBox.versionPrefix(version) + "%";
        List<SealedColumn> present = jdbi.withHandle(h -> existing(h, columns));
        Map<String, Integer> byOrg = new TreeMap<>();
        int total = 0;
        for (SealedColumn c : present) {
            String select = "SELECT " + c.keyColumn() + ", " + c.column() + ", "
                    + (c.orgColumn() == null ? "NULL" : c.orgColumn()) + " FROM " + c.table()
                    + " WHERE " + c.column() + " IS NOT NULL AND " + c.column() + " NOT LIKE :prefix"
                    + " ORDER BY " + c.keyColumn() + " LIMIT " + BATCH;
            String update = "UPDATE " + c.table() + " SET " + c.column() + " = :next WHERE " + c.keyColumn()
                    + " = :key AND " + c.column() + " = :previous";
            while (true) {
                List<Row> batch = jdbi.withHandle(h -> h.createQuery(select).bind("prefix", prefix)
                        .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3))).list());
                if (batch.isEmpty()) {
                    break;
                }
                List<Row> done = jdbi.inTransaction(h -> batch.stream()
                        .filter(row -> h.createUpdate(update).bind("next", box.rewrap(row.sealed()))
                                .bind("key", row.key()).bind("previous", row.sealed()).execute() == 1)
                        .toList());
                done.stream().filter(row -> row.orgId() != null).forEach(row -> byOrg.merge(row.orgId(), 1, Integer::sum));
                total += done.size();
                if (done.isEmpty()) {
                    break;
                }
            }
        }
        return new Rotation(total, byOrg, countNotUnder(jdbi, columns, version));
    }

    private static List<SealedColumn> existing(Handle h, List<SealedColumn> columns) {
        try {
            var connection = h.getConnection();
            List<SealedColumn> out = new java.util.ArrayList<>();
            for (SealedColumn c : columns) {
                if (Database.tableExists(connection, c.table())) {
                    out.add(c);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the schema: " + e.getMessage(), e);
        }
    }
}
