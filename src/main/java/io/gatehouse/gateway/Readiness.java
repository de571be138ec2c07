package io.gatehouse.gateway;

/**
 * Whether this node should receive traffic: ready once started, and for good unready once draining for shutdown.
 * A store that cannot be reached (checked off the event loop) does not make the node unready: the gateway serves
 * keys, routes and policies from its snapshot and queues usage meanwhile, and every node shares the one store, so
 * failing readiness would take the whole data plane out of the load balancer for a blink of the control plane
 * (decision 0010). {@code /readyz} names the store's state beside the readiness. {@code /healthz} only says the
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

    public boolean isStoreReachable() {
        return storeReachable;
    }

    public boolean isReady() {
        return started && !draining;
    }

    /** A short reason for {@code /readyz}. */
    public String state() {
        if (draining) {
            return "draining";
        }
        return started ? "ready" : "starting";
    }

    /** The store as the last check found it, for {@code /readyz}: {@code reachable} or {@code unreachable}. */
    public String storeState() {
        return storeReachable ? "reachable" : "unreachable";
    }
}
