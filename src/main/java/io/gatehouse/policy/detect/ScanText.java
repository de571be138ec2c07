package io.gatehouse.policy.detect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text under scan, with what several detectors look for found once: the runs of ASCII digits, which are
 * where cards, phone numbers, IBAN check digits, SSNs and IPv4 addresses can start. Detectors take any
 * {@code CharSequence} and call {@link #of} to get one; the scanner hands them the same instance so the runs are
 * found once per text rather than once per detector.
 */
final class ScanText implements CharSequence {
    private final String text;
    private final int wantedFrom;
    /** Start and end of each digit run, interleaved; null until first asked for. */
    private int[] runs;
    private int runCount;

    private ScanText(String text, int wantedFrom) {
        this.text = text;
        this.wantedFrom = wantedFrom;
    }

    static ScanText of(CharSequence text) {
        return text instanceof ScanText scanText ? scanText : new ScanText(text.toString(), 0);
    }

    /**
     * A text of which only findings starting at or after {@code wantedFrom} are wanted (a stream's window, whose
     * start was decided earlier). Detectors may skip costly validation of candidates before it.
     */
    static ScanText of(CharSequence text, int wantedFrom) {
        return new ScanText(text.toString(), wantedFrom);
    }

    int wantedFrom() {
        return wantedFrom;
    }

    /** Number of maximal runs of digits. */
    int digitRuns() {
        if (runs == null) {
            findRuns();
        }
        return runCount;
    }

    int runStart(int run) {
        return runs[2 * run];
    }

    int runEnd(int run) {
        return runs[2 * run + 1];
    }

    private void findRuns() {
        // Digits are ASCII, so a Latin-1 copy (anything else becomes '?') finds them in a tight loop over bytes.
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        int[] found = new int[32];
        int count = 0;
        int n = bytes.length;
        int i = 0;
        while (i < n) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                i++;
                continue;
            }
            int start = i;
            do {
                i++;
            } while (i < n && bytes[i] <= '9' && bytes[i] >= '0');
            if (2 * count + 2 > found.length) {
                found = Arrays.copyOf(found, found.length * 2);
            }
            found[2 * count] = start;
            found[2 * count + 1] = i;
            count++;
        }
        runs = found;
        runCount = count;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
