package io.gatehouse.usage;

import java.util.regex.Pattern;

/**
 * The rule for the end-user and conversation ids a request is attributed to (decision 0018): 1 to 128 characters of
 * letters, digits and {@code . _ : @ + / = -} — enough for UUIDs, e-mail addresses and base64 hashes, and nothing that
 * needs escaping in a log line, a URL or a CSV cell. The gateway refuses a request naming another one; the statistics
 * API refuses it as a filter. Ids are stored and filtered on, never used as metric labels.
 */
public final class AttributionIds {
    public static final int MAX_LENGTH = 128;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:@+/=-]{1," + MAX_LENGTH + "}");

    private AttributionIds() {
    }

    public static boolean valid(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    /** What a refusal says about the rule. */
    public static String rule() {
        return "at most " + MAX_LENGTH + " characters of letters, digits and . _ : @ + / = -";
    }
}
