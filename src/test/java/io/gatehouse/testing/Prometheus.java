package io.gatehouse.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads values out of a {@code /metrics} scrape (Prometheus text format). */
public final class Prometheus {
    private Prometheus() {
    }

    /** The node's {@code /metrics} text. */
    public static String scrape(TestServer server) {
        HttpResult r = server.admin().as(server.settings().get("metrics.token")).get("/metrics");
        if (r.status() != 200) {
            throw new AssertionError("GET /metrics: " + r);
        }
        return r.body();
    }

    /**
     * The sum of every series of {@code name} whose labels include {@code labels} ({@code "repo", "r1", …});
     * 0 when none.
     */
    public static double sum(String scrape, String name, String... labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        double total = 0;
        for (String line : scrape.lines().toList()) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            Map<String, String> have = new LinkedHashMap<>();
            int open = line.indexOf('{');
            int close = line.lastIndexOf('}');
            if (open == name.length()) {
                for (String pair : line.substring(open + 1, close).split(",(?=[a-zA-Z_]+=\")")) {
                    int eq = pair.indexOf('=');
                    have.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
                }
            }
            if (have.entrySet().containsAll(wanted.entrySet())) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** How much {@link #sum} grew from one scrape to a later one. */
    public static double delta(String before, String after, String name, String... labels) {
        return sum(after, name, labels) - sum(before, name, labels);
    }
}
