package io.gatehouse.policy.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * JSON Web Tokens in compact JWS form: three base64url parts joined by dots, the first decoding to a JSON
 * object with an {@code alg}, the second to a JSON object, the third a signature (empty only for
 * {@code alg: none}). Five-part JWE tokens are not looked for.
 */
public final class JwtDetector implements Detector {
    public static final String KIND = "JWT";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TOKEN = 8192;
    private static final int MAX_HEADER = 1024;
    private static final int MIN_SIGNATURE = 20;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Term> terms() {
        return List.of(Term.covered("jwt"), Term.covered("json web token"), Term.covered("id token"),
                Term.covered("bearer token"), Term.covered("access token"), Term.covered("auth token"), Term.covered("authentication token"),
                Term.partial("session token"),
                Term.covered("jwt token"));
    }

    @Override
    public Set<DetectorCategory> categories() {
        return Set.of(DetectorCategory.SECRET);
    }

    @Override
    public int maxSpan() {
        return MAX_TOKEN;
    }

    @Override
    public void scan(CharSequence input, List<Finding> out) {
        ScanText text = ScanText.of(input);
        int from = text.wantedFrom();
        for (int start = Chars.indexOf(text, "eyJ", from); start >= 0; start = Chars.indexOf(text, "eyJ", from)) {
            from = start + 3;
            if (start > 0 && isTokenChar(text.charAt(start - 1))) {
                continue;
            }
            int headerEnd = partEnd(text, start);
            if (headerEnd >= text.length() || text.charAt(headerEnd) != '.' || headerEnd - start > MAX_HEADER) {
                continue;
            }
            int payloadEnd = partEnd(text, headerEnd + 1);
            if (payloadEnd - headerEnd < 3 || !Chars.startsWith(text, headerEnd + 1, "ey")
                    || payloadEnd >= text.length() || text.charAt(payloadEnd) != '.') {
                continue;
            }
            int end = partEnd(text, payloadEnd + 1);
            if (end - start > MAX_TOKEN || (end < text.length() && isTokenChar(text.charAt(end)))) {
                continue;
            }
            String alg = algorithm(text, start, headerEnd);
            boolean signed = end - payloadEnd - 1 >= MIN_SIGNATURE;
            if (alg != null && (signed || alg.equalsIgnoreCase("none")) && isJsonObject(text, headerEnd + 1, payloadEnd)) {
                out.add(new Finding(start, end, KIND, "JWT (" + alg + ")"));
                from = end;
            }
        }
    }

    /** Only a token still running at the end of the text, and starting like a JWT, can change. */
    @Override
    public int openFrom(CharSequence text) {
        int start = Chars.tokenRunStart(text, MAX_TOKEN, c -> isTokenChar((char) c));
        return Chars.couldStartWith(text, start, "eyJ") ? start : text.length();
    }

    private static int partEnd(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && Chars.isBase64Url(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The header's {@code alg}, reduced to a safe label, or null when the header is not a JWT header. */
    private static String algorithm(CharSequence text, int start, int end) {
        JsonNode header = decode(text, start, end);
        JsonNode alg = header == null ? null : header.get("alg");
        if (alg == null || !alg.isTextual()) {
            return null;
        }
        String value = alg.asText();
        return value.matches("[A-Za-z0-9+-]{1,16}") ? value : "unknown alg";
    }

    private static boolean isJsonObject(CharSequence text, int start, int end) {
        return decode(text, start, end) != null;
    }

    private static JsonNode decode(CharSequence text, int start, int end) {
        try {
            byte[] json = Base64.getUrlDecoder().decode(text.subSequence(start, end).toString());
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject() ? node : null;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private static boolean isTokenChar(char c) {
        return Chars.isBase64Url(c) || c == '.';
    }
}
