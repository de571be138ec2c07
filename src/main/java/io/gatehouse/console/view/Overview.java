package io.gatehouse.console.view;

/** What a workspace's home page is made of, beyond the API's own records. */
public final class Overview {
    private Overview() {
    }

    /** One row of the traffic table: a window (the last hour, the last day) from the roll-ups and the request log. */
    public record Window(String label, UsageTotal usage, long blocks, RequestSummary requests) {
    }

    /** A getting-started step: done or not, and the page where it is done. */
    public record Step(String label, String href, boolean done) {
    }

    /** A key that expires soon (or has expired), and its repository. */
    public record Expiring(RepoKey key, Repo repo) {
    }
}
