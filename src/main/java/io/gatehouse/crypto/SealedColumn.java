package io.gatehouse.crypto;

/**
 * A database column holding {@link SecretBox} ciphertexts, described so that key rotation can re-wrap it and
 * start-up can check the master key opens it. Each value is bound to {@link #context(String)} of its row key.
 *
 * @param table     the table
 * @param keyColumn the column naming the row (its id)
 * @param column    the sealed column (may hold NULL)
 * @param orgColumn the column naming the owning organization, or {@code null} for installation-wide values
 * @param prefix    what precedes the row key in the sealing context
 * @param suffix    what follows it
 */
public record SealedColumn(String table, String keyColumn, String column, String orgColumn, String prefix, String suffix) {

    /** The context a value of the row {@code key} is sealed to. */
    public String context(String key) {
        return prefix + key + suffix;
    }
}
