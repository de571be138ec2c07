package io.gatehouse.crypto;

/**
 * A decrypted secret in memory. It prints as {@code ***} everywhere (logs, exceptions, debuggers' toString)
 * so that only the code that deliberately calls {@link #reveal()} — the provider call — ever sees it.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    public String reveal() {
        return value;
    }

    /** The masked form, safe to show: see {@link Tokens#mask(String)}. */
    public String masked() {
        return Tokens.mask(value);
    }

    @Override
    public String toString() {
        return "***";
    }
}
