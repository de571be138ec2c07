package io.gatehouse.gateway;

/**
 * Whether this node should receive traffic: ready once started, unready while the store is unreachable
 * (checked off the event loop) and for good once draining for shutdown. {@code /healthz} only says the
 * process is alive.
 */
public final class Readiness {
    private volatile boolean started;
    private volatile boolean storeReachable = true;
    private volatile boolean draining;

    public void markStarted() {
        started = true;
    }

    public void markDraining() {
        draining = true;
    }

    public void storeReachable(boolean reachable) {
        storeReachable = reachable;
    }

    public boolean isReady() {
        return started && storeReachable && !draining;
    }

    /** A short reason for {@code /readyz}. */
    public String state() {
        if (draining) {
            return "draining";
        }
        if (!started) {
            return "starting";
        }
        return storeReachable ? "ready" : "store unreachable";
    }
}
