package io.gatehouse.policy.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text derived from an original one (normalised, decoded), with the range of the original that each of its
 * characters came from, so that a finding in the derived text can be masked in the original. The identity (nothing
 * changed) keeps no map at all, which is the common case and costs nothing.
 */
final class MappedText {
    private final String text;
    /** Original start and end of each character; null for the identity. */
    private final int[] from;
    private final int[] to;
    /** Where text appended after the original's own (decoded blobs) begins; the length when there is none. */
    private final int appendixStart;

    private MappedText(String text, int[] from, int[] to, int appendixStart) {
        this.text = text;
        this.from = from;
        this.to = to;
        this.appendixStart = appendixStart;
    }

    static MappedText identity(String text) {
        return new MappedText(text, null, null, text.length());
    }

    /** The text without what was appended after it (decoded blobs): what follows the original in order. */
    CharSequence inOrder() {
        return appendixStart == text.length() ? text : text.substring(0, appendixStart);
    }

    String text() {
        return text;
    }

    int length() {
        return text.length();
    }

    boolean isIdentity() {
        return from == null;
    }

    /** Original start of character {@code i}. */
    int originalStart(int i) {
        return from == null ? i : from[i];
    }

    /** Original end of character {@code i}. */
    int originalEnd(int i) {
        return to == null ? i + 1 : to[i];
    }

    /** The original span of a finding in this text, or null when it covers only inserted characters. */
    Finding toOriginal(Finding finding) {
        if (from == null) {
            return finding;
        }
        int start = Integer.MAX_VALUE;
        int end = -1;
        for (int i = finding.start(); i < finding.end(); i++) {
            start = Math.min(start, from[i]);
            end = Math.max(end, to[i]);
        }
        return end > start ? new Finding(start, end, finding.kind(), finding.description()) : null;
    }

    /** The findings' original spans (a mutable list), leaving out those that cover only inserted characters. */
    List<Finding> toOriginal(List<Finding> findings) {
        if (from == null) {
            return findings;
        }
        List<Finding> mapped = new ArrayList<>(findings.size());
        for (Finding finding : findings) {
            Finding original = toOriginal(finding);
            if (original != null) {
                mapped.add(original);
            }
        }
        return mapped;
    }

    /** The original offset of position {@code i} of {@link #inOrder()} (its end: the original's end). */
    int originalOffset(int i, int originalLength) {
        if (from == null) {
            return i;
        }
        return i < appendixStart ? from[i] : originalLength;
    }

    /** Builds a derived text from an input {@link MappedText}, keeping every character's origin in the original. */
    static final class Builder {
        private final MappedText input;
        private final StringBuilder text;
        private int[] from;
        private int[] to;
        private int appendixStart = -1;

        Builder(MappedText input) {
            this.input = input;
            this.text = new StringBuilder(input.length() + 16);
            this.from = new int[input.length() + 16];
            this.to = new int[input.length() + 16];
        }

        /** Copies input characters {@code [start, end)} unchanged. */
        Builder keep(int start, int end) {
            for (int i = start; i < end; i++) {
                put(input.text.charAt(i), input.originalStart(i), input.originalEnd(i));
            }
            return this;
        }

        /** Appends {@code replacement} for input characters {@code [start, end)} (empty: they are dropped). */
        Builder replace(int start, int end, CharSequence replacement) {
            int s = input.originalStart(start);
            int e = input.originalEnd(end - 1);
            for (int i = 0; i < replacement.length(); i++) {
                put(replacement.charAt(i), s, e);
            }
            return this;
        }

        /**
         * Appends {@code derived} after the text proper (the first call marks where the appendix begins); its
         * characters all stand for the original span {@code [start, end)}.
         */
        Builder append(MappedText derived, int start, int end) {
            if (appendixStart < 0) {
                appendixStart = text.length();
            }
            for (int i = 0; i < derived.length(); i++) {
                put(derived.text.charAt(i), start, end);
            }
            return this;
        }

        int length() {
            return text.length();
        }

        private void put(char c, int start, int end) {
            int n = text.length();
            if (n == from.length) {
                from = Arrays.copyOf(from, n * 2 + 16);
                to = Arrays.copyOf(to, n * 2 + 16);
            }
            text.append(c);
            from[n] = start;
            to[n] = end;
        }

        MappedText build() {
            return new MappedText(text.toString(), from, to, appendixStart < 0 ? text.length() : appendixStart);
        }
    }
}
