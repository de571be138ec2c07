package io.gatehouse.platform;

import io.gatehouse.model.KeyLimits;
import io.gatehouse.store.ModelRows;
import org.jdbi.v3.core.Handle;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code limits} of a repository or workspace (V11, V15: the {@code limit_*} columns of its row), shown in its GET and
 * set by its POST and PUT. A PUT with {@code limits} replaces them all ({@code {}} removes every limit); without it
 * they stay as they are.
 */
public enum LimitColumns {
    REPO("repo"), WORKSPACE("workspace");

    private final String table;

    LimitColumns(String table) {
        this.table = table;
    }

    public KeyLimits read(Handle h, String id) {
        return h.createQuery("SELECT " + ModelRows.LIMIT_COLUMNS + " FROM " + table + " WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> ModelRows.limits(rs)).findOne().orElse(KeyLimits.NONE);
    }

    public void write(Handle h, String id, KeyLimits limits) {
        h.createUpdate("UPDATE " + table + " SET limit_rpm = :rpm, limit_tpm = :tpm, limit_tokens_day = :day,"
                        + " limit_tokens_month = :month, limit_cost_day_micros = :costDay,"
                        + " limit_cost_month_micros = :costMonth WHERE id = :id")
                .bindMap(bindings(limits)).bind("id", id).execute();
    }

    /** The values of {@code limits} by the names the statements above (and the repo keys' SQL) bind them to. */
    public static Map<String, Object> bindings(KeyLimits limits) {
        Map<String, Object> values = new HashMap<>();
        values.put("rpm", limits.rpm());
        values.put("tpm", limits.tpm());
        values.put("day", limits.maxTokensPerDay());
        values.put("month", limits.maxTokensPerMonth());
        values.put("costDay", KeyLimits.micros(limits.maxCostPerDay()));
        values.put("costMonth", KeyLimits.micros(limits.maxCostPerMonth()));
        return values;
    }
}
