package io.gatehouse.policy.detect;

import java.util.List;
import java.util.Set;

/**
 * International Bank Account Numbers: a country code of the IBAN registry, two check digits and the country's
 * exact length of upper-case letters and digits, written contiguously or in the print format's groups of four,
 * passing the ISO 7064 mod-97 check. Letters may be lower case, but not mixed with upper case in one IBAN.
 */
public final class IbanDetector implements Detector {
    public static final String KIND = "IBAN";

    private static final int MAX_LENGTH = 34;
    /** IBAN length per country (SWIFT IBAN registry), indexed by the two letters; 0 where none exists. */
    private static final byte[] LENGTHS = new byte[26 * 26];

    static {
        String registry = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 "
                + "DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 "
                + "IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 "
                + "MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 "
                + "SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        for (String entry : registry.split(" ")) {
            LENGTHS[index(entry.charAt(0), entry.charAt(1))] = Byte.parseByte(entry.substring(2));
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Term> terms() {
        return List.of(Term.covered("iban"), Term.covered("international bank account number"),
                Term.partial("bank account number"), Term.partial("bank account"), Term.partial("account number"),
                Term.partial("bank detail"), Term.partial("banking detail"));
    }

    @Override
    public Set<DetectorCategory> categories() {
        return Set.of(DetectorCategory.PERSONAL, DetectorCategory.FINANCIAL);
    }

    @Override
    public int maxSpan() {
        return MAX_LENGTH + MAX_LENGTH / 4;
    }

    @Override
    public void scan(CharSequence input, List<Finding> out) {
        ScanText text = ScanText.of(input);
        char[] iban = null;
        int next = 0;
        for (int run = 0, runs = text.digitRuns(); run < runs; run++) {
            // The check digits are the start of a digit run right after the two letters of the country code.
            int start = text.runStart(run) - 2;
            if (start < next || start < 0 || text.runEnd(run) - start < 4) {
                continue;
            }
            char first = text.charAt(start);
            char second = text.charAt(start + 1);
            boolean lower = first >= 'a' && first <= 'z';
            if (lower != (second >= 'a' && second <= 'z') || !Chars.isUpper(upper(first))
                    || !Chars.isUpper(upper(second)) || Chars.isWordCharAt(text, start - 1)) {
                continue;
            }
            int length = LENGTHS[index(upper(first), upper(second))];
            if (length == 0) {
                continue;
            }
            iban = iban == null ? new char[MAX_LENGTH] : iban;
            int end = read(text, start, length, lower, iban);
            if (end > 0 && mod97(iban, length) == 1) {
                out.add(new Finding(start, end, KIND, "IBAN (" + upper(first) + upper(second) + ")"));
                next = end;
            }
        }
    }

    /**
     * Copies the {@code length} characters of an IBAN at {@code start} into {@code into}, skipping the single
     * spaces of the print format, and returns where it ends; -1 if the text there is not such an IBAN.
     */
    private static int read(CharSequence text, int start, int length, boolean lower, char[] into) {
        int n = text.length();
        int i = start;
        int count = 0;
        boolean grouped = start + 4 < n && text.charAt(start + 4) == ' ';
        while (count < length) {
            if (grouped && count > 0 && count % 4 == 0) {
                if (i >= n || text.charAt(i) != ' ') {
                    return -1;
                }
                i++;
            }
            if (i >= n) {
                return -1;
            }
            char c = text.charAt(i);
            boolean letter = lower ? c >= 'a' && c <= 'z' : Chars.isUpper(c);
            if (!letter && !Chars.isDigit(c)) {
                return -1;
            }
            into[count++] = upper(c);
            i++;
        }
        return Chars.isWordCharAt(text, i) ? -1 : i;
    }

    /** ISO 7064 MOD 97-10 over the IBAN with its first four characters moved to the end. */
    static int mod97(char[] iban, int length) {
        int rest = 0;
        for (int k = 0; k < length; k++) {
            char c = iban[(k + 4) % length];
            int value = Chars.isDigit(c) ? c - '0' : c - 'A' + 10;
            rest = value < 10 ? (rest * 10 + value) % 97 : (rest * 100 + value) % 97;
        }
        return rest;
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }

    private static int index(char a, char b) {
        return (a - 'A') * 26 + (b - 'A');
    }
}
