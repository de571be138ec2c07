package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.ModelRouter;
import io.gatehouse.gateway.snapshot.RoutingException;
import io.vertx.core.Future;

/** Stage 4: which configurations serve the model (SPEC 4.3), first choice first; 403/404 when none may. */
final class ResolveRoute implements Stage {
    @Override
    public Future<Void> apply(Exchange ex) {
        try {
            ex.routes = ModelRouter.routes(ex.key, ex.facts.model(), ex.api.purpose);
            return DONE;
        } catch (RoutingException e) {
            return StageFailure.of(e.error(), "client_error");
        }
    }
}
