package io.gatehouse.policy.detect;

import java.util.List;
import java.util.Set;

/**
 * E-mail addresses: a dot-atom local part, '@', and a domain of at least two labels ending in an alphabetic
 * top-level label. It starts from each '@' and walks outwards, so text without '@' costs one vectorised search.
 * Not addresses, by decision: {@code @handles}, {@code pkg@1.2.3} versions, retina file names
 * ({@code icon@2x.png}), scp-style git remotes ({@code git@github.com:org/repo}), user info in URLs
 * ({@code https://user:pw@host}) and hosts on private pseudo-TLDs ({@code root@db.internal}).
 */
public final class EmailDetector implements Detector {
    public static final String KIND = "EMAIL";

    private static final int MAX_LOCAL = 64;
    private static final int MAX_ADDRESS = 254;
    /** Top-level labels that are file extensions or private names, never a public e-mail domain. */
    private static final Set<String> NOT_TLDS = Set.of(
            "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "css", "scss", "js", "mjs",
            "ts", "tsx", "jsx", "json", "yaml", "yml", "xml", "html", "htm", "txt", "java", "kt", "class", "jar",
            "lock", "toml", "ini", "cfg", "conf", "vue", "map", "gz", "tgz", "exe", "dll", "whl", "local",
            "localdomain", "localhost", "internal", "lan", "intranet", "corp", "home", "invalid");

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Term> terms() {
        return List.of(Term.covered("email"), Term.covered("e mail"), Term.covered("email address"),
                Term.covered("e mail address"), Term.covered("mail address"), Term.covered("email id"),
                Term.covered("e mail id"), Term.covered("mail id"), Term.covered("electronic mail address"),
                Term.covered("emailaddress"));
    }

    @Override
    public Set<DetectorCategory> categories() {
        return Set.of(DetectorCategory.PERSONAL, DetectorCategory.CONTACT);
    }

    @Override
    public int maxSpan() {
        return MAX_ADDRESS;
    }

    /**
     * Only the stream's last chain of address-like words can still become an address: its last word (a local part
     * whose '@' may follow) and the words joined to it by separators, spelled or spaced ({@code john dot doe at},
     * {@code jdoe [at] example}, an '@' on the next line; see {@link SpelledAddresses}). Plain prose before that
     * chain is decided, and text ending in other punctuation ("Hello, world! ") holds nothing back.
     */
    @Override
    public int openFrom(CharSequence text) {
        int n = text.length();
        int bound = Detector.super.openFrom(text);
        int end = spacesBefore(text, n);
        if (n - end > MAX_GAP) {
            return n;
        }
        int start = wordStart(text, end, bound);
        if (start == end) {
            return n;
        }
        while (start > bound) {
            int gapStart = spacesBefore(text, start);
            int before = wordStart(text, gapStart, bound);
            if (gapStart == start || start - gapStart > MAX_GAP || before == gapStart
                    || !(joins(text, start, end) || joins(text, before, gapStart)
                    || "@.([{<".indexOf(text.charAt(start)) >= 0 || "@.)]}>".indexOf(text.charAt(gapStart - 1)) >= 0)) {
                break;
            }
            end = gapStart;
            start = before;
        }
        return Math.max(start, bound);
    }

    /** Spaces between the parts of a spelled address ({@code SpelledAddresses} allows up to three on a side). */
    private static final int MAX_GAP = 3;

    private static int spacesBefore(CharSequence text, int i) {
        while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static int wordStart(CharSequence text, int end, int bound) {
        int i = end;
        while (i > bound && (isLocalChar(text.charAt(i - 1)) || "@[](){}<>".indexOf(text.charAt(i - 1)) >= 0)) {
            i--;
        }
        return i;
    }

    /** A word that joins its neighbours into one address: "at", "dot", '@', '.' (bracketed forms open with a bracket). */
    private static boolean joins(CharSequence text, int start, int end) {
        String word = text.subSequence(start, end).toString();
        return word.equalsIgnoreCase("at") || word.equalsIgnoreCase("dot") || word.equals("@") || word.equals(".");
    }

    @Override
    public void scan(CharSequence text, List<Finding> out) {
        int n = text.length();
        int from = 0;
        for (int at = Chars.indexOf(text, '@', 0); at >= 0; at = Chars.indexOf(text, '@', Math.max(at + 1, from))) {
            int start = localStart(text, at);
            int end = start < 0 ? -1 : domainEnd(text, at + 1, n);
            if (end < 0 || end - start > MAX_ADDRESS || !outsideUrlOrRemote(text, start, end)) {
                continue;
            }
            out.add(new Finding(start, end, KIND, "e-mail address"));
            from = end;
        }
    }

    /** Start of a valid local part ending just before {@code at}, or -1. */
    private static int localStart(CharSequence text, int at) {
        int s = at;
        while (s > 0 && at - s <= MAX_LOCAL && isLocalChar(text.charAt(s - 1))) {
            s--;
        }
        if (s == at || at - s > MAX_LOCAL || (s > 0 && text.charAt(s - 1) == '@')) {
            return -1;
        }
        while (s < at && (text.charAt(s) == '.' || text.charAt(s) == '\'')) {
            s++;
        }
        if (s == at || text.charAt(at - 1) == '.' || text.charAt(at - 1) == '\'') {
            return -1;
        }
        for (int i = s + 1; i < at; i++) {
            char c = text.charAt(i);
            if (c == '.' && text.charAt(i - 1) == '.') {
                return -1;
            }
            if (c == '\'' && !(Character.isLetter(text.charAt(i - 1)) && Character.isLetter(text.charAt(i + 1)))) {
                // A quote inside a name (o'connor) belongs to it; elsewhere it closes a quoted word.
                return -1;
            }
        }
        return s;
    }

    /** End of a valid domain starting at {@code from}, or -1. */
    private static int domainEnd(CharSequence text, int from, int n) {
        int labels = 0;
        int lastLabelStart = -1;
        int end = -1;
        int i = from;
        while (i < n) {
            int labelStart = i;
            while (i < n && isDomainChar(text.charAt(i)) && i - labelStart <= 63) {
                i++;
            }
            int labelEnd = i;
            while (labelEnd > labelStart && text.charAt(labelEnd - 1) == '-') {
                labelEnd--;
            }
            if (i - labelStart > 63) {
                return -1;
            }
            if (labelEnd == labelStart || text.charAt(labelStart) == '-') {
                break;
            }
            labels++;
            lastLabelStart = labelStart;
            end = labelEnd;
            if (labelEnd < i || i + 1 >= n || text.charAt(i) != '.' || !isDomainChar(text.charAt(i + 1))) {
                break;
            }
            i++;
        }
        if (labels < 2 || !isTopLevel(text, lastLabelStart, end)) {
            return -1;
        }
        if (end < n && (Chars.isWordChar(text.charAt(end)) || text.charAt(end) == '@')) {
            return -1;
        }
        return end;
    }

    private static boolean isTopLevel(CharSequence text, int start, int end) {
        if (end - start < 2) {
            return false;
        }
        if (Chars.startsWith(text, start, "xn--")) {
            return true;
        }
        for (int i = start; i < end; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return false;
            }
        }
        return !NOT_TLDS.contains(text.subSequence(start, end).toString().toLowerCase());
    }

    /** Rejects {@code scheme://user:pw@host} and {@code git@host:path}, which are not e-mail addresses. */
    private static boolean outsideUrlOrRemote(CharSequence text, int start, int end) {
        if (end + 1 < text.length() && text.charAt(end) == ':') {
            char next = text.charAt(end + 1);
            if (Chars.isWordChar(next) || next == '/' || next == '~') {
                return false;
            }
        }
        if (start > 0 && text.charAt(start - 1) == ':') {
            for (int i = start - 2; i >= 1 && start - i < 256; i--) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '(') {
                    break;
                }
                if (c == '/' && text.charAt(i - 1) == '/') {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isLocalChar(char c) {
        if (c < 128) {
            return Chars.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
        }
        return Character.isLetterOrDigit(c);
    }

    private static boolean isDomainChar(char c) {
        if (c < 128) {
            return Chars.isAsciiAlnum(c) || c == '-';
        }
        return Character.isLetterOrDigit(c);
    }
}
