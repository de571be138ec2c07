package io.gatehouse.policy.detect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Map;

/**
 * The character-level step of {@link TextNormalizer}: what a reader sees rather than how it is spelled.
 * <ul>
 * <li>NFKC per character (fullwidth {@code ＠}, {@code ﹫}, fullwidth digits, ligatures and non-breaking spaces become
 *     their plain forms), plus the ideographic full stops NFKC keeps;</li>
 * <li>format characters (Unicode {@code Cf}: zero-width spaces and joiners, soft hyphens, bidi marks, tag
 *     characters) and combining marks ({@code Mn}, {@code Me}) are dropped: they are invisible or decorate the
 *     character before, and are a way to break a pattern without changing what the reader sees;</li>
 * <li>percent-encoding ({@code %40}, and {@code %XX} runs that are UTF-8) and HTML character references
 *     ({@code &#64;}, {@code &#x40;}, {@code &commat;} and the common named ones) are decoded once.</li>
 * </ul>
 * Plain ASCII without {@code %} or {@code &} is returned as it is, without a copy.
 */
final class CharacterFolding {
    /** Named references worth decoding: those that spell address, number and key punctuation, and the usual ones. */
    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("commat", "@"), Map.entry("period", "."), Map.entry("lowbar", "_"), Map.entry("hyphen", "-"),
            Map.entry("dash", "-"), Map.entry("plus", "+"), Map.entry("colon", ":"), Map.entry("sol", "/"),
            Map.entry("num", "#"), Map.entry("percnt", "%"), Map.entry("amp", "&"), Map.entry("lt", "<"),
            Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("nbsp", " "),
            Map.entry("lpar", "("), Map.entry("rpar", ")"), Map.entry("lsqb", "["), Map.entry("rsqb", "]"),
            Map.entry("zwsp", ""), Map.entry("zwj", ""), Map.entry("zwnj", ""), Map.entry("shy", ""),
            Map.entry("NoBreak", ""));
    private static final int LONGEST_ENTITY = 8;

    private CharacterFolding() {
    }

    static MappedText fold(MappedText input) {
        String s = input.text();
        int first = firstToFold(s);
        if (first < 0) {
            return input;
        }
        MappedText.Builder out = new MappedText.Builder(input).keep(0, first);
        int n = s.length();
        int i = first;
        while (i < n) {
            char c = s.charAt(i);
            int end;
            if (c == '%') {
                end = percent(s, i, out);
            } else if (c == '&') {
                end = entity(s, i, out);
            } else if (c >= 128) {
                int cp = s.codePointAt(i);
                end = i + Character.charCount(cp);
                out.replace(i, end, plain(cp));
                i = end;
                continue;
            } else {
                end = -1;
            }
            if (end < 0) {
                out.keep(i, i + 1);
                i++;
            } else {
                i = end;
            }
        }
        return out.build();
    }

    private static int firstToFold(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128 || c == '%' || c == '&') {
                return i;
            }
        }
        return -1;
    }

    /** What one code point reads as: empty for format characters and combining marks, else its NFKC form. */
    static String plain(int cp) {
        if (cp == 0x3002 || cp == 0xFF61) {
            return ".";
        }
        if (invisible(cp)) {
            return "";
        }
        String one = Character.toString(cp);
        if (Normalizer.isNormalized(one, Normalizer.Form.NFKC)) {
            return one;
        }
        StringBuilder kept = new StringBuilder(2);
        Normalizer.normalize(one, Normalizer.Form.NFKC).codePoints()
                .filter(p -> !invisible(p)).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    /** Decodes a run of {@code %XX} at {@code at} that is printable ASCII or UTF-8; returns its end, or -1. */
    private static int percent(String s, int at, MappedText.Builder out) {
        int end = at;
        byte[] bytes = new byte[8];
        int count = 0;
        while (end + 2 < s.length() && s.charAt(end) == '%' && Chars.isHex(s.charAt(end + 1))
                && Chars.isHex(s.charAt(end + 2)) && count < bytes.length) {
            bytes[count++] = (byte) Integer.parseInt(s, end + 1, end + 3, 16);
            end += 3;
        }
        if (count == 0) {
            return -1;
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, count)).toString();
        } catch (CharacterCodingException e) {
            return -1;
        }
        StringBuilder folded = new StringBuilder();
        for (int i = 0; i < decoded.length(); ) {
            int cp = decoded.codePointAt(i);
            if (cp < 0x20 || cp == 0x7F) {
                return -1;
            }
            folded.append(cp < 128 ? Character.toString(cp) : plain(cp));
            i += Character.charCount(cp);
        }
        out.replace(at, end, folded);
        return end;
    }

    /** Decodes an HTML character reference at {@code at}; returns its end, or -1. */
    private static int entity(String s, int at, MappedText.Builder out) {
        int n = s.length();
        int i = at + 1;
        int cp;
        if (i < n && s.charAt(i) == '#') {
            boolean hex = i + 1 < n && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X');
            int digits = hex ? i + 2 : i + 1;
            int end = digits;
            while (end < n && end - digits < 7 && (hex ? Chars.isHex(s.charAt(end)) : Chars.isDigit(s.charAt(end)))) {
                end++;
            }
            if (end == digits) {
                return -1;
            }
            cp = Integer.parseInt(s, digits, end, hex ? 16 : 10);
            if (!Character.isValidCodePoint(cp) || cp < 0x20) {
                return -1;
            }
            int stop = end < n && s.charAt(end) == ';' ? end + 1 : end;
            out.replace(at, stop, cp < 128 ? Character.toString(cp) : plain(cp));
            return stop;
        }
        int end = i;
        while (end < n && end - i <= LONGEST_ENTITY && Chars.isAsciiLetter(s.charAt(end))) {
            end++;
        }
        if (end == i || end >= n || s.charAt(end) != ';') {
            return -1;
        }
        String decoded = ENTITIES.get(s.substring(i, end));
        if (decoded == null) {
            return -1;
        }
        out.replace(at, end + 1, decoded);
        return end + 1;
    }
}
