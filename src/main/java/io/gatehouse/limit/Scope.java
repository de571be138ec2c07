package io.gatehouse.limit;

import java.util.Locale;

/** Who a limit belongs to; a request counts against its key, its repository and its workspace at once. */
public enum Scope {
    KEY, REPO, WORKSPACE;

    /** The name in metrics, headers-free logs and counter names: {@code key}, {@code repo}, {@code workspace}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
