package io.gatehouse.crypto;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A decrypted secret in memory. It prints as {@code ***} everywhere (logs, exceptions, debuggers' toString)
 * so that only the code that deliberately calls {@link #reveal()} — the provider call — ever sees it.
 */
public final class Secret {
    /** Runs of the secret at least this long are scrubbed from text; shorter ones say nothing useful. */
    static final int SCRUB_RUN = 6;
    /** The multiplier of the rolling hash over runs (arithmetic wraps around at 64 bits). */
    private static final long BASE = 1_000_003L;

    private final String value;
    /** Where the runs of the secret start, by the rolling hash of the run; built on the first scrub. */
    private volatile Map<Long, int[]> runs;

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
     * providers echo a key, or parts of it, in their error messages, and those messages are shown, logged and
     * stored. The one scrubber of provider texts (validation messages, gateway errors, stream error frames).
     * Linear in the text: each window of six characters is looked up by its rolling hash among the secret's own
     * windows, and confirmed character by character.
     */
    public String scrub(String text) {
        if (text == null || value == null || value.isEmpty()) {
            return text;
        }
        int run = Math.min(SCRUB_RUN, value.length());
        if (text.length() < run) {
            return text;
        }
        Map<Long, int[]> starts = runs(run);
        long outgoing = power(run - 1);
        boolean[] hidden = null;
        long hash = 0;
        for (int i = 0; i < text.length(); i++) {
            if (i >= run) {
                hash -= text.charAt(i - run) * outgoing;
            }
            hash = hash * BASE + text.charAt(i);
            int start = i - run + 1;
            if (start >= 0 && isRun(text, start, run, starts.get(hash))) {
                if (hidden == null) {
                    hidden = new boolean[text.length()];
                }
                Arrays.fill(hidden, start, start + run, true);
            }
        }
        if (hidden == null) {
            return text;
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

    /** Whether {@code text[start, start + run)} equals the run of the secret at one of {@code candidates}. */
    private boolean isRun(String text, int start, int run, int[] candidates) {
        if (candidates != null) {
            for (int candidate : candidates) {
                if (text.regionMatches(start, value, candidate, run)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Map<Long, int[]> runs(int run) {
        Map<Long, int[]> built = runs;
        if (built == null) {
            built = new HashMap<>();
            long outgoing = power(run - 1);
            long hash = 0;
            for (int i = 0; i < value.length(); i++) {
                if (i >= run) {
                    hash -= value.charAt(i - run) * outgoing;
                }
                hash = hash * BASE + value.charAt(i);
                if (i >= run - 1) {
                    int start = i - run + 1;
                    built.merge(hash, new int[] {start}, (known, added) -> {
                        int[] both = Arrays.copyOf(known, known.length + 1);
                        both[known.length] = added[0];
                        return both;
                    });
                }
            }
            runs = built;
        }
        return built;
    }

    private static long power(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= BASE;
        }
        return result;
    }

    @Override
    public String toString() {
        return "***";
    }
}
