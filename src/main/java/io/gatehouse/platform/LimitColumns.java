package io.gatehouse.platform;

import io.gatehouse.model.KeyLimits;
import io.gatehouse.store.ModelRows;
import org.jdbi.v3.core.Handle;

/**
 * The {@code limits} of a repository or workspace (V11: the {@code limit_*} columns of its row), shown in its GET and
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
        return h.createQuery("SELECT limit_rpm, limit_tpm, limit_tokens_day, limit_tokens_month FROM " + table
                        + " WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> ModelRows.limits(rs)).findOne().orElse(KeyLimits.NONE);
    }

    public void write(Handle h, String id, KeyLimits limits) {
        h.createUpdate("UPDATE " + table + " SET limit_rpm = :rpm, limit_tpm = :tpm, limit_tokens_day = :day,"
                        + " limit_tokens_month = :month WHERE id = :id")
                .bind("rpm", limits.rpm()).bind("tpm", limits.tpm()).bind("day", limits.maxTokensPerDay())
                .bind("month", limits.maxTokensPerMonth()).bind("id", id).execute();
    }
}
