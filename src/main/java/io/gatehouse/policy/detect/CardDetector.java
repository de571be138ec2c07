package io.gatehouse.policy.detect;

import java.util.List;
import java.util.Set;

/**
 * Payment card numbers (PANs): 13 to 19 digits, contiguous or in the usual groupings (4-4-4-4, 4-4-4-4-3,
 * Amex 4-6-5, Diners 4-6-4) with one consistent separator, passing the Luhn check and matching a known issuer's
 * prefix and length. A trailing group that does not fit ("4111 1111 1111 1111 12/27", a CVV) is left off. Numbers
 * inside longer digit sequences, decimals or identifiers are not cards.
 */
public final class CardDetector implements Detector {
    public static final String KIND = "CARD";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Term> terms() {
        return List.of(Term.covered("credit card"), Term.covered("debit card"), Term.covered("payment card"),
                Term.covered("card number"), Term.covered("credit card number"), Term.covered("cc number"),
                Term.covered("pan"), Term.covered("primary account number"), Term.covered("card detail"),
                Term.covered("card"), Term.covered("credit card detail"),
                Term.covered("creditcard"), Term.covered("cc"));
    }

    @Override
    public Set<DetectorCategory> categories() {
        return Set.of(DetectorCategory.PERSONAL, DetectorCategory.FINANCIAL);
    }

    @Override
    public int maxSpan() {
        return 23;
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
        int next = 0;
        for (int run = 0, runs = text.digitRuns(); run < runs; run++) {
            int start = text.runStart(run);
            int length = text.runEnd(run) - start;
            if (start < next || (length != 4 && (length < 13 || length > 19)) || continuesGroups(text, run)) {
                continue;
            }
            int used;
            if (length > 4) {
                // A long contiguous run is a number of its own, whatever follows it (lists of numbers).
                used = endsCleanly(text, start + length) && isContiguousCard(text, start, start + length) ? 1 : 0;
                next = start + length;
            } else {
                groups = groups == null ? new DigitGroups() : groups;
                groups.read(text, start, " -");
                next = groups.end();
                used = groups.overflowed() ? 0 : cardGroups(text, start, groups);
            }
            if (used > 0 && startsCleanly(text, start)) {
                int end = used == 1 && length > 4 ? start + length : groups.groupEnd(used - 1);
                out.add(new Finding(start, end, KIND, brand(text, start, end) + " card number"));
            }
        }
    }

    /** Whether the run follows a short group and one separator: the middle of a grouped number, not a start. */
    private static boolean continuesGroups(ScanText text, int run) {
        if (run == 0) {
            return false;
        }
        int start = text.runStart(run);
        int previousEnd = text.runEnd(run - 1);
        char between = text.charAt(start - 1);
        return previousEnd == start - 1 && (between == ' ' || between == '-')
                && previousEnd - text.runStart(run - 1) <= 6;
    }

    private static boolean isContiguousCard(CharSequence text, int start, int end) {
        return luhn(text, start, end) && brand(text, start, end) != null;
    }

    /** How many of the groups form a card number (all, or all but a trailing extra), or 0. */
    private static int cardGroups(CharSequence text, int start, DigitGroups groups) {
        int count = groups.count();
        if (endsCleanly(text, groups.groupEnd(count - 1)) && isCard(text, start, groups, count)) {
            return count;
        }
        if (count > 2 && isCard(text, start, groups, count - 1)) {
            return count - 1;
        }
        return 0;
    }

    private static boolean isCard(CharSequence text, int start, DigitGroups groups, int count) {
        int digits = groups.digits(count);
        if (digits < 13 || digits > 19 || !grouped(groups, count)) {
            return false;
        }
        int end = groups.groupEnd(count - 1);
        return luhn(text, start, end) && brand(text, start, end) != null;
    }

    /** Contiguous, or 4-digit groups with a shorter last one, or the 4-6-5 / 4-6-4 of Amex and Diners. */
    private static boolean grouped(DigitGroups groups, int count) {
        if (count == 1) {
            return true;
        }
        if (groups.shaped(count, 4, 6, 5) || groups.shaped(count, 4, 6, 4)) {
            return true;
        }
        for (int g = 0; g < count - 1; g++) {
            if (groups.length(g) != 4) {
                return false;
            }
        }
        return count >= 4 && groups.length(count - 1) <= 4;
    }

    private static boolean startsCleanly(CharSequence text, int start) {
        if (start == 0) {
            return true;
        }
        char before = text.charAt(start - 1);
        if (Chars.isWordChar(before) || before == '+' || before == '#' || before == '$') {
            return false;
        }
        return !((before == '.' || before == '-') && Chars.isDigitAt(text, start - 2));
    }

    private static boolean endsCleanly(CharSequence text, int end) {
        if (end >= text.length()) {
            return true;
        }
        char after = text.charAt(end);
        return !Chars.isWordChar(after) && !(after == '.' && Chars.isDigitAt(text, end + 1));
    }

    static boolean luhn(CharSequence text, int start, int end) {
        int sum = 0;
        boolean doubled = false;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
            if (!Chars.isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** The card network for the number's issuer prefix and length, or null when none issues such numbers. */
    static String brand(CharSequence text, int start, int end) {
        int length = 0;
        int prefix = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (Chars.isDigit(c)) {
                if (length < 6) {
                    prefix = prefix * 10 + (c - '0');
                }
                length++;
            }
        }
        int p1 = prefix / 100_000;
        int p2 = prefix / 10_000;
        int p3 = prefix / 1000;
        int p4 = prefix / 100;
        boolean long16to19 = length >= 16 && length <= 19;
        if (p1 == 4 && (length == 13 || length == 16 || length == 19)) {
            return "Visa";
        }
        if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && length == 16) {
            return "Mastercard";
        }
        if ((p2 == 34 || p2 == 37) && length == 15) {
            return "American Express";
        }
        if ((p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65) && long16to19) {
            return "Discover";
        }
        if (p2 == 62 && long16to19) {
            return "UnionPay";
        }
        if (p4 >= 3528 && p4 <= 3589 && long16to19) {
            return "JCB";
        }
        if (((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39)
                && length >= 14 && length <= 19) {
            return "Diners Club";
        }
        if (p4 >= 2200 && p4 <= 2204 && long16to19) {
            return "Mir";
        }
        boolean maestroPrefix = p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 5893 || p4 == 6304
                || p4 == 6759 || (p4 >= 6761 && p4 <= 6763) || (p2 >= 56 && p2 <= 58);
        if (maestroPrefix && length >= 13 && length <= 19) {
            return "Maestro";
        }
        if ((p2 == 60 || p3 == 508) && length == 16) {
            return "RuPay";
        }
        return null;
    }
}
