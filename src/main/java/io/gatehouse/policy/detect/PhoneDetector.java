package io.gatehouse.policy.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Phone numbers, validated with libphonenumber's metadata. Which numbers count, by how they are written:
 * <ul>
 *   <li>international ({@code +44 20 7946 0958}, {@code (+44) 20 …}, {@code +49 (0)30 …}, {@code 0049 30 …}):
 *       valid for the country code it carries;</li>
 *   <li>North American grouping ({@code (415) 555-2671}, {@code 415-555-2671}, {@code 1-800-…}): valid NANP;</li>
 *   <li>national with a trunk 0 and grouped ({@code 020 7946 0958}, {@code 01 23 45 67 89}): valid in one of
 *       the configured regions;</li>
 *   <li>anything else (a bare digit run, {@code 612 345 678}) only right after a label such as "phone", "tel",
 *       "mobile" or "call", and valid in one of the regions.</li>
 * </ul>
 * Never phone numbers: dates ({@code 2024-01-15}, {@code 15.01.2024}), groupings with one-digit inner or last
 * groups (ISBNs), SSN-shaped {@code AAA-GG-SSSS}, digit runs glued to letters or '#', '$', decimals, and
 * numbers labelled as another kind of number (order, invoice, tracking, ISBN, serial, ID, model, …).
 */
public final class PhoneDetector implements Detector {
    public static final String KIND = "PHONE";

    /** Regions whose national formats are recognised, in the order they are tried. */
    public static final List<String> DEFAULT_REGIONS = List.of(
            "US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "IE", "SE", "DK", "NO", "FI", "PL", "PT",
            "AU", "NZ", "JP", "KR", "IN", "SG", "IL", "AE", "ZA", "BR", "MX", "AR");

    private static final int LABEL_WINDOW = 30;
    private static final Labels PHONE_LABELS = Labels.of("phone", "tel", "tel.", "telephone", "mobile", "mob", "cell",
        "cellphone", "fax", "call", "whatsapp", "sms", "contact", "reach", "ring", "hotline", "handy", "telefon",
        "téléphone", "tél", "teléfono", "telefono", "ph", "landline", "festnetz", "mobil", "numéro", "número",
        "nummer", "ruf", "anrufen", "appelez", "appeler", "llámame", "llamar", "chiamami");
    private static final Labels OTHER_LABELS = Labels.of("isbn", "issn", "order", "invoice", "tracking", "serial", "sku",
        "ticket", "case", "ref", "reference", "account", "iban", "ssn", "ss#", "social security", "sin", "id",
        "model", "part", "product", "item", "lot", "batch", "patent", "version");
    private static final int MAX_CANDIDATE = 32;

    private final List<String> regions;

    public PhoneDetector() {
        this(DEFAULT_REGIONS);
    }

    /** A detector recognising national formats of {@code regions} (ISO 3166 codes), tried in order. */
    public PhoneDetector(List<String> regions) {
        this.regions = List.copyOf(regions);
        this.regions.forEach(PhoneValidation::load);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Term> terms() {
        return List.of(Term.covered("phone"), Term.covered("phone number"), Term.covered("telephone"),
                Term.covered("telephone number"), Term.covered("mobile number"), Term.covered("mobile phone number"),
                Term.covered("cell number"), Term.covered("cell phone number"), Term.covered("cellphone number"),
                Term.covered("fax number"), Term.covered("contact number"),
                Term.covered("mobile"), Term.covered("cell"), Term.covered("cellphone"), Term.covered("landline"),
                Term.covered("fax"), Term.covered("whatsapp"), Term.covered("tel"));
    }

    @Override
    public Set<DetectorCategory> categories() {
        return Set.of(DetectorCategory.PERSONAL, DetectorCategory.CONTACT);
    }

    @Override
    public int maxSpan() {
        return MAX_CANDIDATE;
    }

    /** Only the stream's trailing run of number characters can still become a number ({@link Chars#numberOpenFrom}). */
    @Override
    public int openFrom(CharSequence text) {
        return Chars.numberOpenFrom(text, Detector.super.openFrom(text));
    }

    @Override
    public void scan(CharSequence input, List<Finding> out) {
        ScanText text = ScanText.of(input);
        Candidate candidate = null;
        Map<String, String> checked = null;
        int next = 0;
        for (int run = 0, runs = text.digitRuns(); run < runs; run++) {
            int digitStart = text.runStart(run);
            if (digitStart < next || !enoughDigitsNear(text, run)) {
                continue;
            }
            candidate = candidate == null ? new Candidate() : candidate;
            candidate.read(text, opening(text, digitStart));
            next = candidate.end;
            if (candidate.start >= text.wantedFrom() && candidate.usable(text)) {
                checked = checked == null ? new HashMap<>() : checked;
                String region = classify(text, candidate, checked);
                if (region != null) {
                    out.add(new Finding(candidate.start, candidate.end, KIND, "phone number (" + region + ")"));
                }
            }
        }
    }

    /** Where a number whose digits start at {@code digitStart} is written from: a '+', "(+" or '(' before it. */
    private static int opening(CharSequence text, int digitStart) {
        if (digitStart >= 2 && text.charAt(digitStart - 1) == '+' && text.charAt(digitStart - 2) == '(') {
            return digitStart - 2;
        }
        if (digitStart >= 1 && (text.charAt(digitStart - 1) == '+' || text.charAt(digitStart - 1) == '(')) {
            return digitStart - 1;
        }
        return digitStart;
    }

    /** At least seven digits in this run and the runs joined to it by a few separator characters. */
    private static boolean enoughDigitsNear(ScanText text, int run) {
        int digits = text.runEnd(run) - text.runStart(run);
        for (int next = run + 1; digits < 7 && next < text.digitRuns(); next++) {
            int gap = text.runStart(next) - text.runEnd(next - 1);
            if (gap > 4) {
                return false;
            }
            for (int i = text.runEnd(next - 1); i < text.runStart(next); i++) {
                char c = text.charAt(i);
                if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') {
                    return false;
                }
            }
            digits += text.runEnd(next) - text.runStart(next);
        }
        return digits >= 7;
    }

    /**
     * The region the candidate is a valid number of, or null when it is not a phone number. {@code checked}
     * remembers libphonenumber's answers within one text, where the same number often appears several times.
     */
    private String classify(CharSequence text, Candidate c, Map<String, String> checked) {
        if (c.digits < 7 || c.digits > 15 || c.looksLikeDate() || c.looksLikeSsn(text)) {
            return null;
        }
        boolean trunk = text.charAt(c.firstDigit) == '0';
        boolean zeroZero = c.startsWith(text, "00");
        boolean nanp = !c.plus && c.nanpShaped(text);
        boolean shaped = c.plus || (zeroZero && c.groups > 1) || nanp || (trunk && c.groups > 1 && c.wellGrouped());
        // Looking for labels costs more than the shape tests, so only numbers whose shape is not enough do it.
        boolean labelled = !shaped && (c.wellGrouped() || c.groups == 1) && isLabelled(text, c);
        if (!shaped && !labelled || OTHER_LABELS.before(text, c.start, LABEL_WINDOW)) {
            return null;
        }
        String digits = c.digitsOf(text);
        if (c.plus || zeroZero) {
            String international = c.plus ? digits : digits.substring(2);
            return remembered(checked, "+" + international, () -> PhoneValidation.international(international));
        }
        String region = nanp ? remembered(checked, "+1" + digits.substring(digits.length() - 10),
                () -> PhoneValidation.international("1" + digits.substring(digits.length() - 10))) : null;
        if (region == null && (trunk || labelled)) {
            region = remembered(checked, digits, () -> PhoneValidation.national(digits, regions));
        }
        if (region == null && (labelled || isLabelled(text, c))) {
            String written = text.subSequence(c.start, c.end).toString();
            region = remembered(checked, "=" + written, () -> PhoneValidation.parsed(written, regions));
        }
        return region;
    }

    private static String remembered(Map<String, String> checked, String key, Supplier<String> validation) {
        String region = checked.computeIfAbsent(key, k -> Objects.requireNonNullElse(validation.get(), ""));
        return region.isEmpty() ? null : region;
    }

    private static boolean isLabelled(CharSequence text, Candidate c) {
        return PHONE_LABELS.before(text, c.start, LABEL_WINDOW);
    }

    /** A run of digits with the separators numbers are written with; what it looks like, not what it is. */
    private static final class Candidate {
        private static final int MAX_GROUPS = 8;
        private final int[] lengths = new int[MAX_GROUPS];
        int start;
        int end;
        int firstDigit;
        int digits;
        int groups;
        boolean plus;
        int openParens;
        int closeParens;
        char dateSeparator;
        boolean mixedSeparators;

        void read(CharSequence text, int from) {
            int n = text.length();
            start = from;
            boolean parenthesisedCode = text.charAt(from) == '(' && text.charAt(from + 1) == '+';
            plus = parenthesisedCode || text.charAt(from) == '+';
            digits = 0;
            groups = 0;
            openParens = parenthesisedCode ? 1 : 0;
            closeParens = 0;
            dateSeparator = 0;
            mixedSeparators = false;
            int i = parenthesisedCode ? from + 2 : plus ? from + 1 : from;
            firstDigit = -1;
            end = from;
            while (i < n) {
                int separatorStart = i;
                int spaces = 0;
                int opens = 0;
                int closes = 0;
                char mark = 0;
                int marks = 0;
                while (i < n && i - separatorStart < 4) {
                    char c = text.charAt(i);
                    if (c == ' ') {
                        spaces++;
                    } else if (c == '-' || c == '.' || c == '/') {
                        marks++;
                        mark = c;
                    } else if (c == '(') {
                        opens++;
                    } else if (c == ')') {
                        closes++;
                    } else {
                        break;
                    }
                    i++;
                }
                if (i >= n || !Chars.isDigit(text.charAt(i)) || spaces > 2 || marks > 1
                        || (i > separatorStart && groups == 0 && text.charAt(separatorStart) != '(')) {
                    break;
                }
                openParens += opens;
                closeParens += closes;
                if (mark != 0) {
                    noteSeparator(mark);
                }
                int groupStart = i;
                while (i < n && Chars.isDigit(text.charAt(i))) {
                    i++;
                }
                if (firstDigit < 0) {
                    firstDigit = groupStart;
                }
                if (groups < MAX_GROUPS) {
                    lengths[groups] = i - groupStart;
                }
                groups++;
                digits += i - groupStart;
                end = i;
            }
            if (openParens != closeParens && text.charAt(start) == '(') {
                openParens--;
                start++;
            }
        }

        private void noteSeparator(char c) {
            if (dateSeparator == 0) {
                dateSeparator = c;
            } else if (dateSeparator != c) {
                mixedSeparators = true;
            }
        }

        /** Clean boundaries, balanced parentheses, a sane length. */
        boolean usable(CharSequence text) {
            if (firstDigit < 0 || groups > MAX_GROUPS || end - start > MAX_CANDIDATE || openParens != closeParens
                    || openParens > 1) {
                return false;
            }
            if (start > 0) {
                char before = text.charAt(start - 1);
                if (Chars.isWordChar(before) || before == '#' || before == '$' || before == '€' || before == '£'
                        || before == '+' || before == '/' || before == '.'
                        || before == '-' && Chars.isDigitAt(text, start - 2) || afterCodeGroup(text)) {
                    return false;
                }
            }
            if (end < text.length()) {
                char after = text.charAt(end);
                return !Chars.isWordChar(after) && !((after == '.' || after == ',' || after == '/' || after == '-')
                        && Chars.isDigitAt(text, end + 1));
            }
            return true;
        }

        /** Right after a four-character upper-case code and a space, as in the print format of an IBAN. */
        private boolean afterCodeGroup(CharSequence text) {
            if (start < 5 || text.charAt(start - 1) != ' ') {
                return false;
            }
            for (int k = start - 5; k < start - 1; k++) {
                char c = text.charAt(k);
                if (!Chars.isUpper(c) && !Chars.isDigit(c)) {
                    return false;
                }
            }
            return !Chars.isWordCharAt(text, start - 6);
        }

        boolean looksLikeDate() {
            if (plus || groups != 3 || dateSeparator == 0 || mixedSeparators) {
                return false;
            }
            return (lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2)
                    || (lengths[0] <= 2 && lengths[1] <= 2 && (lengths[2] == 4 || lengths[2] == 2));
        }

        /** AAA-GG-SSSS with dashes is how US social security numbers are written. */
        boolean looksLikeSsn(CharSequence text) {
            return !plus && groups == 3 && lengths[0] == 3 && lengths[1] == 2 && lengths[2] == 4 && dateSeparator == '-'
                    && !mixedSeparators && text.charAt(firstDigit + 3) == '-';
        }

        /** No one-digit group after the first: ISBNs and part numbers end in a single check digit. */
        boolean wellGrouped() {
            for (int g = 1; g < Math.min(groups, MAX_GROUPS); g++) {
                if (lengths[g] == 1) {
                    return false;
                }
            }
            return true;
        }

        /** 3-3-4, or 1-3-3-4 with a leading 1, the area code not starting with 0 or 1. */
        boolean nanpShaped(CharSequence text) {
            boolean plain = groups == 3 && lengths[0] == 3 && lengths[1] == 3 && lengths[2] == 4;
            boolean withOne = groups == 4 && lengths[0] == 1 && text.charAt(firstDigit) == '1'
                    && lengths[1] == 3 && lengths[2] == 3 && lengths[3] == 4;
            if (!plain && !withOne) {
                return false;
            }
            char areaFirst = text.charAt(withOne ? nextDigit(text, firstDigit + 1) : firstDigit);
            return areaFirst >= '2';
        }

        private int nextDigit(CharSequence text, int from) {
            int i = from;
            while (!Chars.isDigit(text.charAt(i))) {
                i++;
            }
            return i;
        }

        /** The candidate's digits alone. */
        String digitsOf(CharSequence text) {
            StringBuilder only = new StringBuilder(digits);
            for (int i = firstDigit; i < end; i++) {
                char c = text.charAt(i);
                if (Chars.isDigit(c)) {
                    only.append(c);
                }
            }
            return only.toString();
        }

        boolean startsWith(CharSequence text, String prefix) {
            return Chars.startsWith(text, firstDigit, prefix);
        }
    }
}
