package io.gatehouse.policy.detect;

/** Character tests and searches the detectors share; {@code String} inputs take the JDK's vectorised paths. */
final class Chars {
    private Chars() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiAlnum(char c) {
        return isDigit(c) || isAsciiLetter(c);
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Letters and digits of any script, and '_': what continues an identifier-like token. */
    static boolean isWordChar(char c) {
        if (c < 128) {
            return isAsciiAlnum(c) || c == '_';
        }
        return Character.isLetterOrDigit(c);
    }

    /** The characters of base64url, which most API keys and JWT parts are made of. */
    static boolean isBase64Url(char c) {
        return isAsciiAlnum(c) || c == '-' || c == '_';
    }

    static boolean isWordCharAt(CharSequence text, int i) {
        return i >= 0 && i < text.length() && isWordChar(text.charAt(i));
    }

    static boolean isDigitAt(CharSequence text, int i) {
        return i >= 0 && i < text.length() && isDigit(text.charAt(i));
    }

    /**
     * Where the run of {@code tokenChar}s that the text ends in begins, at most {@code max} characters back; the
     * text's length when it does not end in one. Detectors of single tokens are settled everywhere before it.
     */
    static int tokenRunStart(CharSequence text, int max, java.util.function.IntPredicate tokenChar) {
        int n = text.length();
        int start = n;
        while (start > 0 && n - start < max && tokenChar.test(text.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    static int indexOf(CharSequence text, char c, int from) {
        if (text instanceof String s) {
            return s.indexOf(c, from);
        }
        for (int i = Math.max(from, 0), n = text.length(); i < n; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(CharSequence text, String needle, int from) {
        if (text instanceof String s) {
            return s.indexOf(needle, from);
        }
        char first = needle.charAt(0);
        for (int i = indexOf(text, first, from); i >= 0; i = indexOf(text, first, i + 1)) {
            if (startsWith(text, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    static boolean startsWith(CharSequence text, int at, String prefix) {
        int n = prefix.length();
        if (at < 0 || at + n > text.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (text.charAt(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether one of the lower-case {@code words} stands as a whole word in the {@code window} characters before
     * {@code end} with no digit between it and {@code end}, compared ignoring ASCII case: the label of the number
     * at {@code end} ("SSN: 123456789"), not of an earlier one.
     */
    static boolean mentionedBefore(CharSequence text, int end, int window, String... words) {
        int from = Math.max(0, end - window);
        for (int i = end - 1; i >= from; i--) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                return false;
            }
            if (isWordCharAt(text, i - 1) || !isWordChar(c)) {
                continue;
            }
            for (String word : words) {
                int n = word.length();
                if (i + n <= end && regionEqualsIgnoreCase(text, i, word)
                        && !(i + n < text.length() && Character.isLetter(text.charAt(i + n)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean regionEqualsIgnoreCase(CharSequence text, int at, String lower) {
        for (int k = 0, n = lower.length(); k < n; k++) {
            char c = text.charAt(at + k);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
