package io.gatehouse.policy.detect;

/** One typing slip: a swapped pair of neighbours, one letter wrong, missing or added. */
final class Typos {
    private Typos() {
    }

    /**
     * Whether {@code typed} is {@code known} with one slip. Short words are easily another word with one letter
     * changed ("cart" and "card", "sell" and "cell"), so below {@code minLength} only a swap counts.
     */
    static boolean oneSlip(String typed, String known, int minLength) {
        int lengthGap = typed.length() - known.length();
        if (Math.abs(lengthGap) > 1 || typed.equals(known) || known.length() < 3) {
            return false;
        }
        int start = 0;
        while (start < Math.min(typed.length(), known.length()) && typed.charAt(start) == known.charAt(start)) {
            start++;
        }
        if (lengthGap == 0 && swapped(typed, known, start)) {
            return true;
        }
        if (Math.min(typed.length(), known.length()) < minLength) {
            return false;
        }
        String typedRest = typed.substring(Math.min(typed.length(), start + (lengthGap >= 0 ? 1 : 0)));
        String knownRest = known.substring(Math.min(known.length(), start + (lengthGap <= 0 ? 1 : 0)));
        return typedRest.equals(knownRest);
    }

    private static boolean swapped(String typed, String known, int at) {
        return at + 1 < typed.length() && typed.charAt(at) == known.charAt(at + 1)
                && typed.charAt(at + 1) == known.charAt(at)
                && typed.substring(at + 2).equals(known.substring(at + 2));
    }
}
