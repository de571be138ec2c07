package io.gatehouse.gateway;

import io.vertx.core.Future;

/**
 * One step before the provider call, one concern each (authenticate, read the body, read the request, its attribution, route; the
 * input policies go after routing). A stage either completes (usually at once: {@link #DONE}) or fails with a
 * {@link StageFailure} saying what the client gets. Stages run on the event loop and must not block.
 */
@FunctionalInterface
interface Stage {
    Future<Void> apply(Exchange ex);

    Future<Void> DONE = Future.succeededFuture();
}
