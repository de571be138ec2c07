package io.gatehouse.policy.detect;

import java.util.Locale;
import java.util.Set;

/**
 * The word-level step of {@link TextNormalizer}: e-mail addresses written so that a pattern misses them but a reader
 * (or a model) does not — {@code john dot doe at example dot com}, {@code john [at] example [dot] com},
 * {@code john(at)example(.)com}, {@code john @ example.com}, {@code john@example dot com}, an {@code @} on the next
 * line. Each is rewritten to the plain address in the detectors' view ({@code john.doe@example.com}); the original
 * text is not touched.
 * <p>
 * Precision: an address is rewritten only when its last label is a common e-mail top-level domain (so
 * {@code A @ B.T}, {@code x @ w.to(device)} and {@code 2 @ 3.99} stay as they are), and a bare word {@code at}
 * counts only when the domain also spells a dot, or the part before it looks like an address's local part
 * ({@code j.doe}, {@code jdoe42}) — "I work at example.com" is prose.
 */
final class SpelledAddresses {
    /** Top-level domains common in e-mail addresses; file extensions ({@code sh}, {@code py}, {@code md}) are not here. */
    private static final Set<String> MAIL_TLDS = Set.of(
            "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "ai", "app", "dev", "me", "us",
            "uk", "de", "fr", "es", "it", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "pl", "pt", "ie", "gr", "cz",
            "sk", "hu", "ro", "bg", "ru", "ua", "tr", "il", "in", "jp", "cn", "kr", "tw", "hk", "sg", "my", "au",
            "nz", "ca", "mx", "br", "ar", "cl", "za", "eu", "email", "mail", "online", "xyz", "tech", "cloud", "site",
            "live", "pro", "name", "mobi");
    private static final int MAX_SPACES = 3;
    private static final int MAX_LOCAL_PARTS = 5;
    private static final int MAX_LABELS = 6;

    private SpelledAddresses() {
    }

    /** A separator found at some position: where it ends, and whether it is written in words or spaced out. */
    private record Separator(int end, boolean spelled, boolean bareWord) {
    }

    static MappedText rewrite(MappedText input) {
        String s = input.text();
        MappedText.Builder out = null;
        int kept = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            if (!mayStartAt(s, i)) {
                continue;
            }
            int start = spacesBefore(s, i, true);
            Separator at = atSeparator(s, start);
            if (at == null || start <= kept) {
                continue;
            }
            int[] local = localPart(s, start, kept);
            if (local == null) {
                continue;
            }
            boolean needsSpelledDot = !at.spelled() || (at.bareWord() && !addressLike(s, local[0], start, local[1] > 0));
            int end = domainEnd(s, at.end(), needsSpelledDot);
            if (end < 0) {
                continue;
            }
            if (out == null) {
                out = new MappedText.Builder(input);
            }
            out.keep(kept, local[0]);
            emitDotted(s, local[0], start, out, true);
            out.replace(start, at.end(), "@");
            emitDotted(s, at.end(), end, out, false);
            kept = end;
            i = end - 1;
        }
        return out == null ? input : out.keep(kept, s.length()).build();
    }

    /** A cheap first look: an '@', a bracket before "at" or '@', or the word "at". */
    private static boolean mayStartAt(String s, int i) {
        char c = s.charAt(i);
        if (c == '@') {
            return true;
        }
        if (isOpen(c)) {
            int j = spacesAfter(s, i + 1, false);
            return j < s.length() && (s.charAt(j) == 'a' || s.charAt(j) == 'A' || s.charAt(j) == '@');
        }
        return (c == 'a' || c == 'A') && i > 0 && i + 2 < s.length() && isSpace(s.charAt(i - 1))
                && (s.charAt(i + 1) == 't' || s.charAt(i + 1) == 'T') && isSpace(s.charAt(i + 2));
    }

    /** [start of the local part, number of spelled dots in it], or null when there is none before {@code at}. */
    private static int[] localPart(String s, int at, int notBefore) {
        int start = runStart(s, at, notBefore, true);
        if (start == at) {
            return null;
        }
        int spelled = 0;
        for (int parts = 1; parts < MAX_LOCAL_PARTS; parts++) {
            int sepStart = dotEndingAt(s, start, notBefore);
            if (sepStart < 0) {
                break;
            }
            int before = runStart(s, sepStart, notBefore, true);
            if (before == sepStart) {
                break;
            }
            start = before;
            spelled++;
        }
        return new int[] {start, spelled};
    }

    /** Whether a local part has what words rarely have: a dot, digit, underscore or plus. */
    private static boolean addressLike(String s, int start, int end, boolean spelledDot) {
        if (spelledDot) {
            return true;
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.' || c == '_' || c == '+' || Chars.isDigit(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * End of a domain of at least two labels starting at {@code from} whose last label is a mail TLD, or -1;
     * {@code needsSpelledDot}: only a domain with a dot in words or brackets counts.
     */
    private static int domainEnd(String s, int from, boolean needsSpelledDot) {
        int labelEnd = runEnd(s, from, false);
        if (labelEnd == from) {
            return -1;
        }
        int labels = 1;
        boolean spelled = false;
        int lastLabel = from;
        while (labels < MAX_LABELS) {
            Separator dot = dotSeparator(s, labelEnd);
            if (dot == null) {
                break;
            }
            int next = runEnd(s, dot.end(), false);
            if (next == dot.end()) {
                break;
            }
            spelled |= dot.spelled();
            lastLabel = dot.end();
            labelEnd = next;
            labels++;
        }
        if (labels < 2 || (needsSpelledDot && !spelled)
                || !MAIL_TLDS.contains(s.substring(lastLabel, labelEnd).toLowerCase(Locale.ROOT))) {
            return -1;
        }
        if (labelEnd < s.length() && (s.charAt(labelEnd) == '(' || s.charAt(labelEnd) == '@')) {
            return -1;
        }
        return labelEnd;
    }

    /** Copies {@code [start, end)} with every spelled or spaced dot between its parts written as '.'. */
    private static void emitDotted(String s, int start, int end, MappedText.Builder out, boolean local) {
        int i = start;
        while (i < end) {
            int run = runEnd(s, i, local);
            out.keep(i, run);
            if (run >= end) {
                break;
            }
            Separator dot = dotSeparator(s, run);
            int next = dot == null ? run + 1 : dot.end();
            out.replace(run, next, ".");
            i = next;
        }
    }

    /**
     * An "at" separator starting at {@code i} (spaces included): {@code ␣@␣}, {@code [at]}, {@code (@)}, {@code ␣at␣};
     * or a plain {@code @}, which counts only before a domain that spells a dot.
     */
    private static Separator atSeparator(String s, int i) {
        int j = spacesAfter(s, i, true);
        if (j < s.length() && s.charAt(j) == '@') {
            int end = spacesAfter(s, j + 1, true);
            return new Separator(end, j > i || end > j + 1, false);
        }
        int bracketed = bracketed(s, j, "at", "@");
        if (bracketed > 0) {
            return new Separator(spacesAfter(s, bracketed, true), true, false);
        }
        if (j > i && s.regionMatches(true, j, "at", 0, 2)) {
            int end = spacesAfter(s, j + 2, true);
            return end > j + 2 ? new Separator(end, true, true) : null;
        }
        return null;
    }

    /** A dot separator starting at {@code i}: '.', {@code ␣.␣}, {@code [dot]}, {@code (.)}, {@code ␣dot␣}. */
    private static Separator dotSeparator(String s, int i) {
        int n = s.length();
        if (i < n && s.charAt(i) == '.') {
            return new Separator(i + 1, false, false);
        }
        int j = spacesAfter(s, i, false);
        if (j == i && !(j < n && isOpen(s.charAt(j)))) {
            return null;
        }
        int bracketed = bracketed(s, j, "dot", ".");
        if (bracketed > 0) {
            return new Separator(spacesAfter(s, bracketed, false), true, false);
        }
        if (j > i && j < n && s.charAt(j) == '.' && spacesAfter(s, j + 1, false) > j + 1) {
            return new Separator(spacesAfter(s, j + 1, false), true, false);
        }
        if (j > i && s.regionMatches(true, j, "dot", 0, 3) && spacesAfter(s, j + 3, false) > j + 3) {
            return new Separator(spacesAfter(s, j + 3, false), true, true);
        }
        return null;
    }

    /** Start of a spelled or spaced dot separator that ends exactly at {@code end}, or -1 (a plain '.' is part of a local run). */
    private static int dotEndingAt(String s, int end, int notBefore) {
        for (int start = end - 1; start >= Math.max(notBefore, end - 12); start--) {
            Separator dot = dotSeparator(s, start);
            if (dot != null && dot.spelled() && dot.end() == end) {
                return start;
            }
        }
        return -1;
    }

    /** End of {@code [ word ]} / {@code (word)} etc. at {@code i} with optional inner spaces, or -1. */
    private static int bracketed(String s, int i, String word, String symbol) {
        int n = s.length();
        if (i >= n || !isOpen(s.charAt(i))) {
            return -1;
        }
        char close = closing(s.charAt(i));
        int j = spacesAfter(s, i + 1, false);
        int k;
        if (s.regionMatches(true, j, word, 0, word.length())) {
            k = j + word.length();
        } else if (s.startsWith(symbol, j)) {
            k = j + symbol.length();
        } else {
            return -1;
        }
        k = spacesAfter(s, k, false);
        return k < n && s.charAt(k) == close ? k + 1 : -1;
    }

    private static int runEnd(String s, int from, boolean local) {
        int i = from;
        while (i < s.length() && isPartChar(s.charAt(i), local)) {
            i++;
        }
        return i;
    }

    private static int runStart(String s, int end, int notBefore, boolean local) {
        int i = end;
        while (i > notBefore && end - i < 64 && isPartChar(s.charAt(i - 1), local)) {
            i--;
        }
        while (i < end && s.charAt(i) == '.') {
            i++;
        }
        return i;
    }

    private static boolean isPartChar(char c, boolean local) {
        return Chars.isWordChar(c) || c == '-' || (local && (c == '.' || c == '+' || c == '%'));
    }

    private static int spacesBefore(String s, int i, boolean lineBreaks) {
        int j = i;
        while (j > 0 && i - j < MAX_SPACES && isSpace(s.charAt(j - 1), lineBreaks)) {
            j--;
        }
        return j;
    }

    private static int spacesAfter(String s, int i, boolean lineBreaks) {
        int j = i;
        while (j < s.length() && j - i < MAX_SPACES && isSpace(s.charAt(j), lineBreaks)) {
            j++;
        }
        return j;
    }

    private static boolean isSpace(char c) {
        return isSpace(c, true);
    }

    /** Spaces and tabs; line breaks too where {@code lineBreaks} (an '@' starting the next line or message). */
    private static boolean isSpace(char c, boolean lineBreaks) {
        return c == ' ' || c == '\t' || (lineBreaks && (c == '\n' || c == '\r'));
    }

    private static boolean isOpen(char c) {
        return c == '[' || c == '(' || c == '{' || c == '<';
    }

    private static char closing(char open) {
        return switch (open) {
            case '[' -> ']';
            case '(' -> ')';
            case '{' -> '}';
            default -> '>';
        };
    }
}
