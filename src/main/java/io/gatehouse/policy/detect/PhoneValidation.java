package io.gatehouse.policy.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;

/**
 * Phone number validity by libphonenumber's metadata, asked as cheaply as possible: where the written form
 * already says which part is the country code and which the trunk prefix, the number is built from its digits
 * instead of parsed, since parsing and validation each run several large regular expressions.
 */
final class PhoneValidation {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String UNKNOWN_REGION = "ZZ";

    private PhoneValidation() {
    }

    /** The region of a valid international number, given the digits after its '+' or "00", or null. */
    static String international(String digits) {
        for (int codeLength = 1; codeLength <= 3 && codeLength < digits.length(); codeLength++) {
            int countryCode = Integer.parseInt(digits, 0, codeLength, 10);
            if (UNKNOWN_REGION.equals(UTIL.getRegionCodeForCountryCode(countryCode))) {
                continue;
            }
            // Country codes are prefix-free: the first that exists is the one.
            String national = digits.substring(codeLength);
            String region = valid(countryCode, national, null);
            if (region == null && national.startsWith("0")) {
                // "+44 (0)20 …": the trunk prefix written after the country code.
                region = valid(countryCode, national.substring(1), null);
            }
            return region;
        }
        return null;
    }

    /** The first of {@code regions} in which the nationally written {@code digits} are a valid number, or null. */
    static String national(String digits, List<String> regions) {
        boolean trunk = digits.startsWith("0");
        for (String region : regions) {
            int countryCode = UTIL.getCountryCodeForRegion(region);
            String valid = trunk ? valid(countryCode, digits.substring(1), region) : null;
            if (valid == null) {
                // No trunk prefix to drop, or one that is part of the number (Italy).
                valid = valid(countryCode, digits, region);
            }
            if (valid != null) {
                return valid;
            }
        }
        return null;
    }

    /**
     * The first region in which libphonenumber's full parser accepts {@code written} as valid: for national
     * prefixes the fast path does not model (Argentina's mobile "15"). Slow; only for labelled numbers.
     */
    static String parsed(String written, List<String> regions) {
        for (String region : regions) {
            try {
                PhoneNumber number = UTIL.parse(written, region);
                if (UTIL.isValidNumberForRegion(number, region)) {
                    return region;
                }
            } catch (NumberParseException e) {
                // Not a number in this region's format; try the next.
            }
        }
        return null;
    }

    /** Loads a region's metadata now rather than on the first request that needs it. */
    static void load(String region) {
        if (UTIL.getExampleNumber(region) == null) {
            throw new IllegalArgumentException("unknown phone region " + region);
        }
    }

    private static String valid(int countryCode, String national, String region) {
        if (national.length() < 4 || national.length() > 14) {
            return null;
        }
        PhoneNumber number = new PhoneNumber().setCountryCode(countryCode).setNationalNumber(Long.parseLong(national));
        int zeros = 0;
        while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
            zeros++;
        }
        if (zeros > 0) {
            number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
        }
        if (region != null) {
            return UTIL.isValidNumberForRegion(number, region) ? region : null;
        }
        // The country's main region first (GB for +44, US for +1): usually one check, where isValidNumber would
        // try every region sharing the code.
        for (String candidate : UTIL.getRegionCodesForCountryCode(countryCode)) {
            if (UTIL.isValidNumberForRegion(number, candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
