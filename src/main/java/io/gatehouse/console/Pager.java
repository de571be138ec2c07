package io.gatehouse.console;

import java.util.LinkedHashMap;
import java.util.Map;

/** Paging of a list the Platform API returned ({@code total, skip, take}): links to the previous and next pages. */
public record Pager(long total, int skip, int take, String path, Map<String, String> filters) {
    public static final int TAKE = 50;

    static Pager of(PlatformClient.Answer answer, String path, Map<String, String> filters) {
        return new Pager(answer.field("total", Long.class), answer.field("skip", Integer.class),
                Math.max(1, answer.field("take", Integer.class)), path, filters);
    }

    /** The skip a request asked for (a page's offset), never negative. */
    static String skipOf(ConsoleCall call) {
        try {
            return Integer.toString(Math.max(0, Integer.parseInt(call.query("skip"))));
        } catch (NumberFormatException e) {
            return "0";
        }
    }

    public String summary() {
        return total == 0 ? "Nothing found" : (skip + 1) + "–" + Math.min(total, (long) skip + take) + " of " + total;
    }

    public String previous() {
        return skip == 0 ? null : link(Math.max(0, skip - take));
    }

    public String next() {
        return skip + take >= total ? null : link(skip + take);
    }

    private String link(int at) {
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("skip", Integer.toString(at));
        return path + PlatformClient.queryString(query);
    }
}
