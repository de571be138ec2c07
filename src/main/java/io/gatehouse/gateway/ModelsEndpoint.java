package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.ModelRouter;
import io.gatehouse.provider.JsonOut;
import io.vertx.core.buffer.Buffer;

/**
 * {@code GET /v1/models}: what the key's repository reaches, in OpenAI's list shape ({@code owned_by} is the
 * configuration's name). Configurations without a catalog add nothing here: send {@code <name>/<model>} to them.
 */
final class ModelsEndpoint {
    private ModelsEndpoint() {
    }

    static void answer(Exchange ex) {
        JsonOut out = new JsonOut(1024);
        out.raw("{\"object\":\"list\",\"data\":[");
        boolean first = true;
        for (ModelRouter.Reachable r : ModelRouter.reachable(ex.key, ModelRouter.Purpose.ANY)) {
            if (r.model() == null) {
                continue;
            }
            out.raw(first ? "" : ",").raw("{\"id\":").string(r.name())
                    .raw(",\"object\":\"model\",\"created\":").number(r.model().created())
                    .raw(",\"owned_by\":").string(r.upstream().name()).raw("}");
            first = false;
        }
        out.raw("]}");
        ex.answer(200, Buffer.buffer(out.take()));
    }
}
