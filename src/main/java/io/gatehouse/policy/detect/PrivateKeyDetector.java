package io.gatehouse.policy.detect;

import java.util.List;
import java.util.Set;

/**
 * PEM private keys: a {@code -----BEGIN … PRIVATE KEY-----} header (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted,
 * PGP blocks) followed by at least {@value #MIN_BODY} base64 characters. The span runs to the matching END
 * line, or to the end of the base64 body when the key is cut off. Line breaks may be real or written as
 * {@code \n} inside JSON strings. A header with no body ("files that start with -----BEGIN PRIVATE KEY-----")
 * is talk about keys, not a key.
 */
public final class PrivateKeyDetector implements Detector {
    public static final String KIND = "PRIVATE_KEY";

    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";
    private static final int MAX_LABEL = 40;
    private static final int MIN_BODY = 40;
    /** An 8192-bit RSA key in PEM is about 6,400 characters. */
    private static final int MAX_BLOCK = 8192;
    /** Results of reading a header or block: not a private key; the text ends before it can be told. */
    private static final int NONE = -1;
    private static final int OPEN = -2;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Term> terms() {
        return List.of(Term.covered("private key"), Term.covered("ssh key"), Term.covered("ssh private key"),
                Term.covered("pem key"), Term.covered("pem"), Term.covered("rsa key"), Term.covered("rsa private key"),
                Term.covered("signing key"), Term.covered("pgp private key"));
    }

    @Override
    public Set<DetectorCategory> categories() {
        return Set.of(DetectorCategory.SECRET);
    }

    @Override
    public int maxSpan() {
        return MAX_BLOCK;
    }

    @Override
    public void scan(CharSequence text, List<Finding> out) {
        int from = 0;
        for (int begin = Chars.indexOf(text, BEGIN, 0); begin >= 0; begin = Chars.indexOf(text, BEGIN, from)) {
            int end = block(text, begin).end();
            if (end > 0) {
                out.add(new Finding(begin, end, KIND, label(text, begin) + " (PEM)"));
                from = end;
            } else {
                from = begin + BEGIN.length();
            }
        }
    }

    /** A key still being written when the text ends (no END line yet, body reaching the end) is open. */
    @Override
    public int openFrom(CharSequence text) {
        int n = text.length();
        int open = Math.max(0, n - BEGIN.length() - MAX_LABEL - DASHES.length() - RIGHT_CONTEXT);
        for (int begin = Chars.lastIndexOf(text, BEGIN, n); begin >= 0 && n - begin <= MAX_BLOCK;
                begin = Chars.lastIndexOf(text, BEGIN, begin)) {
            if (block(text, begin).open()) {
                open = begin;
            }
        }
        return open;
    }

    /** A key block as far as the text shows it: its end (or NONE) and whether more text could still change it. */
    private record Block(int end, boolean open) {
    }

    /** The private key block whose header starts at {@code begin}. */
    private static Block block(CharSequence text, int begin) {
        int labelEnd = labelEnd(text, begin);
        if (labelEnd < 0) {
            return new Block(NONE, labelEnd == OPEN);
        }
        int n = text.length();
        int limit = Math.min(n, begin + MAX_BLOCK);
        int body = 0;
        int bodyEnd = NONE;
        int i = labelEnd + DASHES.length();
        while (i < limit) {
            int lineBreak = lineBreakLength(text, i);
            if (lineBreak > 0) {
                i += lineBreak;
                continue;
            }
            int lineStart = i;
            while (i < limit && isBlank(text.charAt(i))) {
                i++;
            }
            if (Chars.startsWith(text, i, "-----END ")) {
                int close = Chars.indexOf(text, DASHES, i + 9);
                if (close < 0) {
                    return new Block(body >= MIN_BODY ? bodyEnd : NONE, true);
                }
                return new Block(body >= MIN_BODY && close < limit ? close + DASHES.length() : NONE, false);
            }
            int base64 = i;
            while (base64 < limit && isBase64(text.charAt(base64))) {
                base64++;
            }
            int lineEnd = lineEnd(text, base64, limit);
            if (lineEnd == base64 && base64 > i) {
                body += base64 - i;
                bodyEnd = base64;
            } else if (!(body == 0 && isHeaderLine(text, lineStart, lineEnd))) {
                // Prose after a key that was cut off ends it with the last full base64 line; a line the text
                // ends in may still become the END line.
                return new Block(body >= MIN_BODY ? bodyEnd : NONE, lineEnd >= n);
            }
            i = lineEnd;
        }
        return new Block(body >= MIN_BODY ? bodyEnd : NONE, i >= n);
    }

    /** Length of the line break at {@code i}: a real one, or {@code \n} written inside a JSON string; else 0. */
    private static int lineBreakLength(CharSequence text, int i) {
        char c = text.charAt(i);
        if (c == '\n' || c == '\r') {
            return 1;
        }
        boolean escaped = c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == 'n' || text.charAt(i + 1) == 'r');
        return escaped ? 2 : 0;
    }

    private static int lineEnd(CharSequence text, int from, int limit) {
        int i = from;
        while (i < limit && lineBreakLength(text, i) == 0) {
            i++;
        }
        return i;
    }

    /** "Proc-Type: 4,ENCRYPTED" and "DEK-Info: …" lines of legacy encrypted keys. */
    private static boolean isHeaderLine(CharSequence text, int start, int end) {
        int colon = -1;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == ':' && colon < 0) {
                colon = i;
            } else if (!Chars.isAsciiAlnum(c) && c != '-' && c != ',' && c != ' ') {
                return false;
            }
        }
        return colon > start;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Index of the "-----" closing a header whose label ends in PRIVATE KEY (or PRIVATE KEY BLOCK); NONE if the
     * header is another kind or no header; OPEN if the text ends inside it.
     */
    private static int labelEnd(CharSequence text, int begin) {
        int labelStart = begin + BEGIN.length();
        int n = text.length();
        int i = labelStart;
        while (i < n && i - labelStart <= MAX_LABEL && (Chars.isUpper(text.charAt(i)) || text.charAt(i) == ' '
                || Chars.isDigit(text.charAt(i)))) {
            i++;
        }
        if (i + DASHES.length() > n) {
            return i - labelStart <= MAX_LABEL ? OPEN : NONE;
        }
        if (!Chars.startsWith(text, i, DASHES)) {
            return NONE;
        }
        String label = text.subSequence(labelStart, i).toString();
        return label.endsWith("PRIVATE KEY") || label.endsWith("PRIVATE KEY BLOCK") ? i : NONE;
    }

    private static String label(CharSequence text, int begin) {
        int labelStart = begin + BEGIN.length();
        String label = text.subSequence(labelStart, labelEnd(text, begin)).toString();
        return switch (label) {
            case "PRIVATE KEY" -> "PKCS#8 private key";
            case "ENCRYPTED PRIVATE KEY" -> "encrypted PKCS#8 private key";
            case "OPENSSH PRIVATE KEY" -> "OpenSSH private key";
            case "PGP PRIVATE KEY BLOCK" -> "PGP private key";
            default -> label.substring(0, label.length() - "PRIVATE KEY".length()).trim() + " private key";
        };
    }

    private static boolean isBase64(char c) {
        return Chars.isAsciiAlnum(c) || c == '+' || c == '/' || c == '=';
    }
}
