package io.gatehouse.policy.detect;

import java.util.List;
import java.util.Set;

/**
 * API keys and tokens in the formats vendors publish, recognised by their prefix, alphabet and length. Bodies of
 * the open-ended formats must mix letters and digits, so placeholders ({@code sk-xxxx…}, {@code sk-your-key-here})
 * and words ({@code sk-learn}) are not keys. Keys without a recognisable prefix (bare hex secrets, AWS secret
 * access keys) are out of reach of a deterministic check and left to the judge.
 */
public final class ApiKeyDetector implements Detector {
    public static final String KIND = "API_KEY";

    /** One vendor's format: prefix, then {@code min..max} characters of an alphabet. */
    private record Format(String prefix, String vendor, Alphabet alphabet, int min, int max, boolean mixed) {
    }

    private enum Alphabet {
        ALNUM, BASE64URL, UPPER_ALNUM, SLACK, SENDGRID;

        boolean contains(char c) {
            return switch (this) {
                case ALNUM -> Chars.isAsciiAlnum(c);
                case BASE64URL -> Chars.isBase64Url(c);
                case UPPER_ALNUM -> Chars.isUpper(c) || Chars.isDigit(c);
                case SLACK -> Chars.isAsciiAlnum(c) || c == '-';
                case SENDGRID -> Chars.isBase64Url(c) || c == '.';
            };
        }
    }

    /** Longer prefixes first where one starts another ({@code sk-ant-} before {@code sk-}). */
    private static final List<Format> FORMATS = List.of(
            new Format("sk-ant-", "Anthropic API key", Alphabet.BASE64URL, 32, 200, true),
            new Format("sk-", "OpenAI-style secret key", Alphabet.BASE64URL, 32, 200, true),
            new Format("sk_live_", "Stripe secret key", Alphabet.ALNUM, 20, 120, true),
            new Format("sk_test_", "Stripe test secret key", Alphabet.ALNUM, 20, 120, true),
            new Format("rk_live_", "Stripe restricted key", Alphabet.ALNUM, 20, 120, true),
            new Format("rk_test_", "Stripe test restricted key", Alphabet.ALNUM, 20, 120, true),
            new Format("AKIA", "AWS access key id", Alphabet.UPPER_ALNUM, 16, 16, false),
            new Format("ASIA", "AWS temporary access key id", Alphabet.UPPER_ALNUM, 16, 16, false),
            new Format("AIza", "Google API key", Alphabet.BASE64URL, 35, 35, false),
            new Format("github_pat_", "GitHub fine-grained token", Alphabet.BASE64URL, 70, 100, true),
            new Format("ghp_", "GitHub personal access token", Alphabet.ALNUM, 36, 36, false),
            new Format("gho_", "GitHub OAuth token", Alphabet.ALNUM, 36, 36, false),
            new Format("ghu_", "GitHub user-to-server token", Alphabet.ALNUM, 36, 36, false),
            new Format("ghs_", "GitHub server-to-server token", Alphabet.ALNUM, 36, 36, false),
            new Format("ghr_", "GitHub refresh token", Alphabet.ALNUM, 36, 36, false),
            new Format("ghk_", "Gatehouse repo AI key", Alphabet.BASE64URL, 43, 43, false),
            new Format("ghm_", "Gatehouse management token", Alphabet.BASE64URL, 43, 43, false),
            new Format("ghr_", "Gatehouse refresh token", Alphabet.BASE64URL, 43, 43, false),
            new Format("glpat-", "GitLab personal access token", Alphabet.BASE64URL, 20, 64, true),
            new Format("xoxb-", "Slack bot token", Alphabet.SLACK, 20, 200, true),
            new Format("xoxp-", "Slack user token", Alphabet.SLACK, 20, 200, true),
            new Format("xoxa-", "Slack app token", Alphabet.SLACK, 20, 200, true),
            new Format("xoxr-", "Slack refresh token", Alphabet.SLACK, 20, 200, true),
            new Format("xoxe-", "Slack config token", Alphabet.SLACK, 20, 200, true),
            new Format("xoxs-", "Slack session token", Alphabet.SLACK, 20, 200, true),
            new Format("xapp-", "Slack app-level token", Alphabet.SLACK, 20, 200, true),
            new Format("npm_", "npm access token", Alphabet.ALNUM, 36, 36, true),
            new Format("hf_", "Hugging Face token", Alphabet.ALNUM, 30, 40, false),
            new Format("gsk_", "Groq API key", Alphabet.ALNUM, 48, 56, true),
            new Format("xai-", "xAI API key", Alphabet.ALNUM, 70, 90, true),
            new Format("SG.", "SendGrid API key", Alphabet.SENDGRID, 66, 66, false));

    /** Formats whose prefix holds a '-' or '_' ("sk-", "ghp_"), by the first character of the prefix. */
    private static final Format[][] SEPARATED_BY_FIRST = new Format[128][];
    /** The other formats ("AKIA", "SG."), found by searching for their prefix. */
    private static final List<Format> PLAIN = FORMATS.stream().filter(f -> !hasSeparator(f.prefix())).toList();

    static {
        for (char first = 0; first < 128; first++) {
            char c = first;
            Format[] formats = FORMATS.stream().filter(f -> hasSeparator(f.prefix()) && f.prefix().charAt(0) == c)
                    .toArray(Format[]::new);
            SEPARATED_BY_FIRST[first] = formats.length == 0 ? null : formats;
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Term> terms() {
        return List.of(Term.covered("api key"), Term.covered("apikey"), Term.covered("api token"),
                Term.covered("access key"), Term.covered("access token"), Term.covered("auth token"),
                Term.covered("authentication token"), Term.covered("bearer token"), Term.covered("secret key"),
                Term.covered("personal access token"),
                Term.covered("aws key"), Term.covered("aws access key"), Term.covered("aws access key id"),
                Term.covered("github token"), Term.covered("gitlab token"), Term.covered("slack token"),
                Term.covered("stripe key"), Term.covered("openai key"));
    }

    @Override
    public Set<DetectorCategory> categories() {
        return Set.of(DetectorCategory.SECRET);
    }

    @Override
    public int maxSpan() {
        return 220;
    }

    @Override
    public void scan(CharSequence input, List<Finding> out) {
        ScanText text = ScanText.of(input);
        int first = out.size();
        // Most prefixes end in '-' or '_' ("sk-", "ghp_", "xoxb-"): look at the word before each such character.
        int next = 0;
        int dash = Chars.indexOf(text, '-', 0);
        int underscore = Chars.indexOf(text, '_', 0);
        while (dash >= 0 || underscore >= 0) {
            int sep;
            if (underscore < 0 || (dash >= 0 && dash < underscore)) {
                sep = dash;
                dash = Chars.indexOf(text, '-', dash + 1);
            } else {
                sep = underscore;
                underscore = Chars.indexOf(text, '_', underscore + 1);
            }
            if (sep < next) {
                continue;
            }
            int word = sep;
            while (word > 0 && sep - word <= 6 && Chars.isAsciiLetter(text.charAt(word - 1))) {
                word--;
            }
            char initial = text.charAt(word);
            if (word < sep && sep - word <= 6 && initial < 128 && SEPARATED_BY_FIRST[initial] != null
                    && startsToken(text, word)) {
                next = Math.max(next, match(text, word, SEPARATED_BY_FIRST[initial], out));
            }
        }
        for (Format format : PLAIN) {
            Format[] only = {format};
            for (int at = Chars.indexOf(text, format.prefix(), 0); at >= 0;
                    at = Chars.indexOf(text, format.prefix(), at + 1)) {
                if (startsToken(text, at)) {
                    match(text, at, only, out);
                }
            }
        }
        if (out.size() - first > 1) {
            out.subList(first, out.size()).sort(java.util.Comparator.comparingInt(Finding::start));
        }
    }

    private static boolean hasSeparator(String prefix) {
        return prefix.indexOf('-') >= 0 || prefix.indexOf('_') >= 0;
    }

    private static boolean startsToken(CharSequence text, int at) {
        return at == 0 || !(Chars.isBase64Url(text.charAt(at - 1)) || text.charAt(at - 1) == '.');
    }

    /** Only a token still running at the end of the text, and starting like some key, can change. */
    @Override
    public int openFrom(CharSequence text) {
        int start = Chars.tokenRunStart(text, maxSpan(), c -> Chars.isBase64Url((char) c) || c == '.');
        for (Format format : FORMATS) {
            if (Chars.couldStartWith(text, start, format.prefix())) {
                return start;
            }
        }
        return text.length();
    }

    /** Adds the finding of the first of {@code candidates} matching at {@code start}; returns its end, or -1. */
    private static int match(CharSequence text, int start, Format[] candidates, List<Finding> out) {
        for (Format format : candidates) {
            if (!Chars.startsWith(text, start, format.prefix())) {
                continue;
            }
            int bodyStart = start + format.prefix().length();
            int end = bodyStart;
            int n = text.length();
            while (end < n && end - bodyStart <= format.max() && format.alphabet().contains(text.charAt(end))) {
                end++;
            }
            int length = end - bodyStart;
            boolean fits = length >= format.min() && length <= format.max() && !continuesToken(text, end)
                    && (!format.mixed() || mixesLettersAndDigits(text, bodyStart, end))
                    && variedEnough(text, bodyStart, end);
            if (fits) {
                out.add(new Finding(start, end, KIND, format.vendor()));
                return end;
            }
        }
        return -1;
    }

    private static boolean continuesToken(CharSequence text, int end) {
        return end < text.length() && Chars.isBase64Url(text.charAt(end));
    }

    /** At least eight different characters: {@code AKIAXXXXXXXXXXXXXXXX} is a placeholder, not a key. */
    private static boolean variedEnough(CharSequence text, int start, int end) {
        long low = 0;
        long high = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < 64) {
                low |= 1L << c;
            } else {
                high |= 1L << (c - 64);
            }
        }
        return Long.bitCount(low) + Long.bitCount(high) >= 8;
    }

    private static boolean mixesLettersAndDigits(CharSequence text, int start, int end) {
        boolean letter = false;
        boolean digit = false;
        for (int i = start; i < end && !(letter && digit); i++) {
            char c = text.charAt(i);
            letter |= Chars.isAsciiLetter(c);
            digit |= Chars.isDigit(c);
        }
        return letter && digit;
    }
}
