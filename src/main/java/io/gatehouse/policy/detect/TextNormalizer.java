package io.gatehouse.policy.detect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What the detectors read: a text as a reader would see it, with every character's origin kept so that findings are
 * masked in the original. Three steps, each a no-op (no copy) when it finds nothing to do:
 * <ol>
 * <li>{@link CharacterFolding}: NFKC, format characters and combining marks dropped, percent-encoding and HTML
 *     character references decoded;</li>
 * <li>{@link SpelledAddresses}: e-mail addresses written with words, brackets or spaces for {@code @} and dots;</li>
 * <li>base64 blobs that decode to text: the decoded text (folded and rewritten the same way) is appended after the
 *     text, on lines of its own, each of its characters standing for the whole blob — a finding there masks the
 *     blob. The blob itself stays in place, so detectors of base64-shaped values (JWTs, keys) still see it.</li>
 * </ol>
 */
public final class TextNormalizer {
    /** Shortest blob worth decoding: 12 characters are 9 bytes, about the shortest e-mail address. */
    static final int MIN_BLOB = 12;
    /** How much of a blob is decoded first to tell text from binary before decoding all of it. */
    private static final int PROBE = 256;

    private TextNormalizer() {
    }

    static MappedText normalize(String text) {
        return withDecodedBlobs(readable(MappedText.identity(text)));
    }

    private static MappedText readable(MappedText text) {
        return SpelledAddresses.rewrite(CharacterFolding.fold(text));
    }

    /**
     * Where the text's trailing base64-like run starts (its length when it has none): a stream must not decide
     * anything from there on, as the blob may still grow into text that decodes to a finding.
     */
    static int openFrom(CharSequence text) {
        int n = text.length();
        int i = n;
        while (i > 0 && n - i <= PROBE && (isBlobChar(text.charAt(i - 1)) || text.charAt(i - 1) == '=')) {
            i--;
        }
        return i;
    }

    private static MappedText withDecodedBlobs(MappedText view) {
        String s = view.text();
        MappedText.Builder out = null;
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!isBlobChar(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isBlobChar(s.charAt(i))) {
                i++;
            }
            int end = i;
            while (i < n && i - end < 2 && s.charAt(i) == '=') {
                i++;
            }
            if (end - start < MIN_BLOB) {
                continue;
            }
            String decoded = decodedText(s, start, end);
            if (decoded == null) {
                continue;
            }
            if (out == null) {
                out = new MappedText.Builder(view).keep(0, n);
            }
            int blobStart = view.originalStart(start);
            int blobEnd = view.originalEnd(i - 1);
            out.append(MappedText.identity("\n" + readable(MappedText.identity(decoded)).text()), blobStart, blobEnd);
        }
        return out == null ? view : out.build();
    }

    /**
     * The blob's bytes as UTF-8 text when they are printable text, else null. Most base64-shaped words (identifiers,
     * paths, hashes) are turned down by their first six bytes, which text written in a Latin script has printable.
     */
    private static String decodedText(String s, int start, int end) {
        for (int i = start; i + 4 <= start + 8; i += 4) {
            int bits = 0;
            for (int k = i; k < i + 4; k++) {
                int v = sextet(s.charAt(k));
                if (v < 0) {
                    return null;
                }
                bits = bits << 6 | v;
            }
            if (!printableAscii(bits >> 16 & 0xFF) || !printableAscii(bits >> 8 & 0xFF) || !printableAscii(bits & 0xFF)) {
                return null;
            }
        }
        return base64Text(s.substring(start, end));
    }

    private static boolean printableAscii(int b) {
        return (b >= 0x20 && b < 0x7F) || b == '\n' || b == '\r' || b == '\t';
    }

    /** The value of a base64 or base64url digit. */
    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' || c == '-' ? 62 : c == '/' || c == '_' ? 63 : -1;
    }

    /**
     * {@code blob} (base64 or base64url, padding optional) decoded, when it decodes to printable UTF-8 text; null when
     * it is not base64 or decodes to binary. Large binary blobs are told apart by their first bytes.
     */
    public static String base64Text(String blob) {
        String b64 = blob.endsWith("==") ? blob.substring(0, blob.length() - 2)
                : blob.endsWith("=") ? blob.substring(0, blob.length() - 1) : blob;
        boolean urlSafe = b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0;
        if (urlSafe && (b64.indexOf('+') >= 0 || b64.indexOf('/') >= 0)) {
            return null;
        }
        Base64.Decoder decoder = urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder();
        int usable = b64.length() - (b64.length() % 4 == 1 ? 1 : 0);
        int probe = Math.min(usable, PROBE);
        String head = text(decoder, b64.substring(0, probe), probe < usable);
        if (head == null || probe == usable) {
            return head;
        }
        return text(decoder, b64.substring(0, usable), false);
    }

    /** The blob's bytes as text, or null; a {@code prefix} may end inside a character, which is left out. */
    private static String text(Base64.Decoder decoder, String blob, boolean prefix) {
        byte[] bytes;
        try {
            bytes = decoder.decode(blob);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text;
        if (prefix) {
            text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.length();
            while (end > 0 && text.length() - end < 3 && text.charAt(end - 1) == '\uFFFD') {
                end--;
            }
            text = text.substring(0, end);
        } else {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
        return printable(text) ? text : null;
    }

    /** Text people write: no control characters but line breaks and tabs, at least one letter or digit. */
    private static boolean printable(String text) {
        boolean alnum = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F || c == '\uFFFD'
                    || Character.getType(c) == Character.PRIVATE_USE) {
                return false;
            }
            alnum |= Character.isLetterOrDigit(c);
        }
        return alnum;
    }

    private static boolean isBlobChar(char c) {
        return Chars.isAsciiAlnum(c) || c == '+' || c == '/' || c == '-' || c == '_';
    }
}
