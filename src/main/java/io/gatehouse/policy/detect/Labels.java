package io.gatehouse.policy.detect;

/**
 * Words that label the number after them ("SSN: 123456789", "phone 0176 …", "version 1.2.3.4"), looked for in a
 * short window before a candidate. Compared as whole words, ignoring ASCII case, with no digit between the word and
 * the candidate (so the label belongs to this number, not an earlier one).
 */
final class Labels {
    /** The words by their (lower-case ASCII) first letter; null where no word starts with it. */
    private final String[][] byFirst = new String[128][];

    private Labels(String[] words) {
        for (String word : words) {
            char first = word.charAt(0);
            if (first >= 128) {
                throw new IllegalArgumentException("labels start with an ASCII letter: " + word);
            }
            String[] same = byFirst[first];
            byFirst[first] = same == null ? new String[] {word} : append(same, word);
        }
    }

    private static String[] append(String[] words, String word) {
        String[] longer = java.util.Arrays.copyOf(words, words.length + 1);
        longer[words.length] = word;
        return longer;
    }

    /** Labels of lower-case words starting with an ASCII letter. */
    static Labels of(String... words) {
        return new Labels(words);
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
            String[] candidates = lower < 128 ? byFirst[lower] : null;
            if (candidates == null || Chars.isWordCharAt(text, i - 1)) {
                continue;
            }
            for (String word : candidates) {
                if (wordAt(text, i, end, word)) {
                    return true;
                }
            }
        }
        return false;
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
