package io.gatehouse.platform;

/** {@code skip}/{@code take} paging: take defaults to 50 and is capped at 100; lists are newest first. */
public record Page(int skip, int take) {
    public static final int DEFAULT_TAKE = 50;
    public static final int MAX_TAKE = 100;

    public static Page of(String skip, String take) {
        int s = parse("skip", skip, 0);
        int t = parse("take", take, DEFAULT_TAKE);
        if (s < 0) {
            throw ApiException.badRequest("skip must be 0 or more");
        }
        if (t < 1 || t > MAX_TAKE) {
            throw ApiException.badRequest("take must be between 1 and " + MAX_TAKE);
        }
        return new Page(s, t);
    }

    private static int parse(String name, String raw, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number");
        }
    }
}
