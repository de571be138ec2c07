package io.gatehouse.policy.detect;

/**
 * Words that label the number after them ("SSN: 123456789", "phone 0176 …", "version 1.2.3.4"), looked for in a
 * short window before a candidate. Compared as whole words, ignoring ASCII case, with no digit between the word and
 * the candidate (so the label belongs to this number, not an earlier one).
 */
final class Labels {
    private final String[] words;
    /** Lower-case first letters of the words, to pass over most positions with one test. */
    private final long firstLow;
    private final long firstHigh;

    private Labels(String[] words) {
        this.words = words;
        long low = 0;
        long high = 0;
        for (String word : words) {
            char c = word.charAt(0);
            if (c < 64) {
                low |= 1L << c;
            } else if (c < 128) {
                high |= 1L << (c - 64);
            } else {
                high = -1L;
                low = -1L;
            }
        }
        this.firstLow = low;
        this.firstHigh = high;
    }

    /** Labels of lower-case words. */
    static Labels of(String... words) {
        return new Labels(words.clone());
    }

    /** Whether one of the words stands in the {@code window} characters before {@code end}. */
    boolean before(CharSequence text, int end, int window) {
        int from = Math.max(0, end - window);
        for (int i = end - 1; i >= from; i--) {
            char c = text.charAt(i);
            if (Chars.isDigit(c)) {
                return false;
            }
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (!maybeFirst(lower) || Chars.isWordCharAt(text, i - 1)) {
                continue;
            }
            for (String word : words) {
                if (word.charAt(0) == lower && wordAt(text, i, end, word)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean maybeFirst(char c) {
        if (c < 64) {
            return (firstLow & (1L << c)) != 0;
        }
        return c >= 128 ? firstHigh == -1L : (firstHigh & (1L << (c - 64))) != 0;
    }

    private static boolean wordAt(CharSequence text, int at, int end, String word) {
        int n = word.length();
        if (at + n > end) {
            return false;
        }
        for (int k = 1; k < n; k++) {
            char c = text.charAt(at + k);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != word.charAt(k)) {
                return false;
            }
        }
        return !(at + n < text.length() && Character.isLetter(text.charAt(at + n)));
    }
}
