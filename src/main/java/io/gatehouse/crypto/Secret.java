package io.gatehouse.crypto;

/**
 * A decrypted secret in memory. It prints as {@code ***} everywhere (logs, exceptions, debuggers' toString)
 * so that only the code that deliberately calls {@link #reveal()} — the provider call — ever sees it.
 */
public final class Secret {
    /** Runs of the secret at least this long are scrubbed from text; shorter ones say nothing useful. */
    static final int SCRUB_RUN = 6;

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

    /**
     * {@code text} with the secret, and every run of at least six of its characters, replaced by {@code ***}:
     * providers echo parts of a key in their error messages, and those messages are shown and stored.
     */
    public String scrub(String text) {
        if (text == null || value == null || value.isEmpty()) {
            return text;
        }
        int run = Math.min(SCRUB_RUN, value.length());
        boolean[] hidden = new boolean[text.length()];
        for (int i = 0; i + run <= text.length(); i++) {
            for (int j = 0; j + run <= value.length(); j++) {
                int k = 0;
                while (i + k < text.length() && j + k < value.length() && text.charAt(i + k) == value.charAt(j + k)) {
                    k++;
                }
                if (k >= run) {
                    java.util.Arrays.fill(hidden, i, i + k, true);
                }
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!hidden[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !hidden[i - 1]) {
                out.append("***");
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "***";
    }
}
