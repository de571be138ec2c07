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

    /**
     * For detectors of grouped numbers (phone, card, social security numbers): where a number that more text could
     * still change may start. A number is digits joined by spaces, '-', '.', '/' and parentheses, opened by a digit,
     * '+' or '(': only the text's trailing run of those characters, from its first possible opening, is open; text
     * ending in anything else ("Hello, world! ") holds nothing back. Never before {@code bound}.
     */
    static int numberOpenFrom(CharSequence text, int bound) {
        int n = text.length();
        int i = n;
        while (i > bound && isNumberChar(text.charAt(i - 1))) {
            i--;
        }
        while (i < n && !(isDigit(text.charAt(i)) || text.charAt(i) == '+' || text.charAt(i) == '(')) {
            i++;
        }
        return i;
    }

    private static boolean isNumberChar(char c) {
        return isDigit(c) || c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == '+';
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

    /** The text as a {@code String} without copying, or null when it is some other sequence. */
    private static String flat(CharSequence text) {
        if (text instanceof String s) {
            return s;
        }
        return text instanceof ScanText scanText ? scanText.toString() : null;
    }

    /**
     * Whether the text from {@code at} to its end is {@code prefix}, starts with it, or could still grow into it:
     * for a token the text ends in, whether more text could make it begin with {@code prefix}.
     */
    static boolean couldStartWith(CharSequence text, int at, String prefix) {
        int n = Math.min(prefix.length(), text.length() - at);
        if (n <= 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (text.charAt(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(CharSequence text, char c, int from) {
        String s = flat(text);
        if (s != null) {
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
        String s = flat(text);
        if (s != null) {
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

    static int lastIndexOf(CharSequence text, String needle, int before) {
        String s = flat(text);
        if (s != null) {
            return s.lastIndexOf(needle, before - 1);
        }
        for (int i = Math.min(before - 1, text.length() - needle.length()); i >= 0; i--) {
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

}
