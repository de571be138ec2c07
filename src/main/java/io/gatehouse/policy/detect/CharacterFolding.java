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
 * A text in which nothing reads differently is returned as it is, without a copy.
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

    /** What replaces input characters up to {@code end}. */
    private record Replacement(int end, String text) {
    }

    static MappedText fold(MappedText input) {
        String s = input.text();
        MappedText.Builder out = null;
        int kept = 0;
        int n = s.length();
        for (int i = 0; i < n; ) {
            char c = s.charAt(i);
            if (c < 128 && c != '%' && c != '&') {
                i++;
                continue;
            }
            Replacement r = c == '%' ? percent(s, i) : c == '&' ? entity(s, i) : codePoint(s, i);
            if (r == null) {
                i += Character.charCount(s.codePointAt(i));
                continue;
            }
            if (out == null) {
                out = new MappedText.Builder(input);
            }
            out.keep(kept, i).replace(i, r.end(), r.text());
            kept = r.end();
            i = r.end();
        }
        return out == null ? input : out.keep(kept, n).build();
    }

    /** A non-ASCII code point that reads as something else (or as nothing), else null. */
    private static Replacement codePoint(String s, int i) {
        int cp = s.codePointAt(i);
        String plain = plain(cp);
        int end = i + Character.charCount(cp);
        return plain.length() == end - i && s.startsWith(plain, i) ? null : new Replacement(end, plain);
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

    /** Decodes a run of {@code %XX} at {@code at} that is printable ASCII or UTF-8, or null. */
    private static Replacement percent(String s, int at) {
        int end = at;
        byte[] bytes = new byte[8];
        int count = 0;
        while (end + 2 < s.length() && s.charAt(end) == '%' && Chars.isHex(s.charAt(end + 1))
                && Chars.isHex(s.charAt(end + 2)) && count < bytes.length) {
            bytes[count++] = (byte) Integer.parseInt(s, end + 1, end + 3, 16);
            end += 3;
        }
        if (count == 0) {
            return null;
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, count)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        StringBuilder folded = new StringBuilder();
        for (int i = 0; i < decoded.length(); ) {
            int cp = decoded.codePointAt(i);
            if (cp < 0x20 || cp == 0x7F) {
                return null;
            }
            folded.append(cp < 128 ? Character.toString(cp) : plain(cp));
            i += Character.charCount(cp);
        }
        return new Replacement(end, folded.toString());
    }

    /** Decodes an HTML character reference at {@code at}, or null. */
    private static Replacement entity(String s, int at) {
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
                return null;
            }
            cp = Integer.parseInt(s, digits, end, hex ? 16 : 10);
            if (!Character.isValidCodePoint(cp) || cp < 0x20) {
                return null;
            }
            int stop = end < n && s.charAt(end) == ';' ? end + 1 : end;
            return new Replacement(stop, cp < 128 ? Character.toString(cp) : plain(cp));
        }
        int end = i;
        while (end < n && end - i <= LONGEST_ENTITY && Chars.isAsciiLetter(s.charAt(end))) {
            end++;
        }
        if (end == i || end >= n || s.charAt(end) != ';') {
            return null;
        }
        String decoded = ENTITIES.get(s.substring(i, end));
        return decoded == null ? null : new Replacement(end + 1, decoded);
    }
}
