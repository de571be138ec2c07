package io.gatehouse.gateway.snapshot;

import io.gatehouse.provider.GatewayError;

/** A request that cannot be routed (model not allowed for the key, or unknown): the error says what the client gets. */
public final class RoutingException extends RuntimeException {
    private final transient GatewayError error;

    public RoutingException(GatewayError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public GatewayError error() {
        return error;
    }
}
