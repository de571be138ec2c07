package io.gatehouse.gateway;

import io.gatehouse.provider.GatewayError;
import io.vertx.core.Future;

/** Why a stage stopped the request: the error the client gets and the outcome recorded with its usage. */
final class StageFailure extends RuntimeException {
    final transient GatewayError error;
    final String outcome;

    StageFailure(GatewayError error, String outcome) {
        super(error.message(), null, false, false);
        this.error = error;
        this.outcome = outcome;
    }

    static Future<Void> of(GatewayError error, String outcome) {
        return Future.failedFuture(new StageFailure(error, outcome));
    }
}
