package io.gatehouse.policy.detect;

import java.util.List;
import java.util.Set;

/**
 * US Social Security Numbers: {@code AAA-GG-SSSS} (or with spaces), or nine bare digits right after a label
 * such as "SSN" or "social security". Numbers the SSA never issues are not SSNs: area 000, 666 or 900-999
 * (the 9xx range holds ITINs), group 00, serial 0000.
 */
public final class SsnDetector implements Detector {
    public static final String KIND = "SSN";

    /** How far before a bare number its label may stand ("SSN on file: 123456789"). */
    private static final int LABEL_WINDOW = 32;
    private static final Labels LABELS = Labels.of("ssn", "ss#", "ss #", "social security", "social sec", "soc sec");

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Term> terms() {
        return List.of(Term.covered("ssn"), Term.covered("social security number"), Term.covered("social security"),
                Term.covered("social security no"), Term.partial("national id"), Term.partial("national id number"),
                Term.partial("national identifier"), Term.partial("government id"), Term.partial("tax id"));
    }

    @Override
    public Set<DetectorCategory> categories() {
        return Set.of(DetectorCategory.PERSONAL);
    }

    @Override
    public int maxSpan() {
        return 11;
    }

    /** Only the stream's trailing run of number characters can still become one ({@link Chars#numberOpenFrom}). */
    @Override
    public int openFrom(CharSequence text) {
        return Chars.numberOpenFrom(text, Detector.super.openFrom(text));
    }

    @Override
    public void scan(CharSequence input, List<Finding> out) {
        ScanText text = ScanText.of(input);
        DigitGroups groups = null;
        for (int run = 0, runs = text.digitRuns(); run < runs; run++) {
            int start = text.runStart(run);
            int length = text.runEnd(run) - start;
            int end;
            if (length == 3) {
                groups = groups == null ? new DigitGroups() : groups;
                groups.read(text, start, "- ");
                end = !groups.overflowed() && groups.shaped(groups.count(), 3, 2, 4) ? groups.end() : -1;
            } else if (length == 9) {
                end = LABELS.before(text, start, LABEL_WINDOW) ? start + 9 : -1;
            } else {
                continue;
            }
            if (end > 0 && cleanBoundaries(text, start, end) && issuable(text, start, end)) {
                out.add(new Finding(start, end, KIND, "US social security number"));
            }
        }
    }

    private static boolean cleanBoundaries(CharSequence text, int start, int end) {
        if (start > 0) {
            char before = text.charAt(start - 1);
            if (Chars.isWordChar(before) || ((before == '-' || before == '.') && Chars.isDigitAt(text, start - 2))) {
                return false;
            }
        }
        if (end < text.length()) {
            char after = text.charAt(end);
            return !Chars.isWordChar(after) && !((after == '-' || after == '.') && Chars.isDigitAt(text, end + 1));
        }
        return true;
    }

    /** Area not 000, 666 or 9xx; group not 00; serial not 0000. */
    private static boolean issuable(CharSequence text, int start, int end) {
        int[] digits = new int[9];
        int count = 0;
        for (int i = start; i < end && count < 9; i++) {
            char c = text.charAt(i);
            if (Chars.isDigit(c)) {
                digits[count++] = c - '0';
            }
        }
        int area = digits[0] * 100 + digits[1] * 10 + digits[2];
        int group = digits[3] * 10 + digits[4];
        int serial = digits[5] * 1000 + digits[6] * 100 + digits[7] * 10 + digits[8];
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }
}
