package io.gatehouse.egress;

/**
 * The egress policy refuses a provider's target. The message names only what the operator configured (the endpoint's
 * {@code host:port}, never the address it resolved to) and says which setting would allow it.
 */
public final class EgressRefused extends RuntimeException {
    /** Why a target is refused. */
    public enum Reason {
        /** An internal address ({@link AddressClass}) while {@code providers.allow.private} is off. */
        PRIVATE,
        /** One of this node's own listeners (gateway or admin). */
        OWN_LISTENER,
        /** A cloud metadata service. */
        METADATA
    }

    private final Reason reason;

    EgressRefused(String target, Reason reason) {
        super(message(target, reason), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    private static String message(String target, Reason reason) {
        String allowList = "providers.private.allowlist=" + target;
        return switch (reason) {
            case PRIVATE -> target + " is on a private network (loopback, private, link-local, unique-local, CGNAT or"
                    + " unspecified address), which Gatehouse does not call unless allowed: set"
                    + " providers.allow.private=true, or " + allowList;
            case OWN_LISTENER -> target + " is a listener of Gatehouse itself, which it does not call even with"
                    + " providers.allow.private=true; only " + allowList + " allows it";
            case METADATA -> target + " is a cloud metadata service, which Gatehouse does not call even with"
                    + " providers.allow.private=true; only " + allowList + " allows it";
        };
    }
}
