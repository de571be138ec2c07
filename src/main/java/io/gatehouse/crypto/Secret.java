package io.gatehouse.crypto;

import java.util.Arrays;

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
    /** The secret's runs, indexed for scrubbing; built on the first scrub. */
    private volatile Runs runs;

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
        Runs index = runs();
        int run = index.length;
        if (text.length() < run) {
            return text;
        }
        boolean[] hidden = null;
        long hash = 0;
        for (int i = 0; i < text.length(); i++) {
            if (i >= run) {
                hash -= text.charAt(i - run) * index.outgoing;
            }
            hash = hash * BASE + text.charAt(i);
            int start = i - run + 1;
            if (start >= 0 && index.contains(hash, text, start)) {
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

    private Runs runs() {
        Runs built = runs;
        if (built == null) {
            built = new Runs(value, Math.min(SCRUB_RUN, value.length()));
            runs = built;
        }
        return built;
    }

    /**
     * The distinct runs of a secret in an open-addressing table keyed by their rolling hash (no boxing: it is probed
     * once per character of the text).
     */
    private static final class Runs {
        final int length;
        final long outgoing;
        private final String secret;
        private final long[] hashes;
        /** Where each slot's run starts in the secret, plus one; 0 marks an empty slot. */
        private final int[] starts;
        private final int mask;

        Runs(String secret, int length) {
            this.secret = secret;
            this.length = length;
            long power = 1;
            for (int i = 1; i < length; i++) {
                power *= BASE;
            }
            this.outgoing = power;
            int slots = Integer.highestOneBit(Math.max(2, secret.length() - length + 1) * 2) * 2;
            this.hashes = new long[slots];
            this.starts = new int[slots];
            this.mask = slots - 1;
            long hash = 0;
            for (int i = 0; i < secret.length(); i++) {
                if (i >= length) {
                    hash -= secret.charAt(i - length) * outgoing;
                }
                hash = hash * BASE + secret.charAt(i);
                int start = i - length + 1;
                if (start >= 0 && !contains(hash, secret, start)) {
                    int slot = slot(hash);
                    while (starts[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    hashes[slot] = hash;
                    starts[slot] = start + 1;
                }
            }
        }

        /** Whether {@code text[from, from + length)}, whose rolling hash is {@code hash}, is a run of the secret. */
        boolean contains(long hash, String text, int from) {
            for (int slot = slot(hash); starts[slot] != 0; slot = (slot + 1) & mask) {
                if (hashes[slot] == hash && text.regionMatches(from, secret, starts[slot] - 1, length)) {
                    return true;
                }
            }
            return false;
        }

        private int slot(long hash) {
            return (int) ((hash * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        }
    }

    @Override
    public String toString() {
        return "***";
    }
}
