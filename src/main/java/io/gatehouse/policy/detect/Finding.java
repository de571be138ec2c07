package io.gatehouse.policy.detect;

/**
 * One span a detector found: {@code [start, end)} in the scanned text, the detector's kind (e.g. {@code EMAIL})
 * and a description that is safe to log, store and show ("Visa card number", "IBAN (DE)"). The matched value
 * itself is deliberately not part of a finding: whoever needs it (the redactor) reads it from the text.
 */
public record Finding(int start, int end, String kind, String description) {

    public Finding {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    /** The same finding moved by {@code delta} characters, for offsets relative to a larger text. */
    public Finding shift(int delta) {
        return delta == 0 ? this : new Finding(start + delta, end + delta, kind, description);
    }
}
