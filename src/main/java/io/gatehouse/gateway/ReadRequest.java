package io.gatehouse.gateway;

import io.gatehouse.provider.TranslationException;
import io.vertx.core.Future;

/** Stage 3: the facts routing needs from the body (model, stream, usage wish); malformed bodies are 400s. */
final class ReadRequest implements Stage {
    private final int maxMessages;

    ReadRequest(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    @Override
    public Future<Void> apply(Exchange ex) {
        try {
            ex.facts = RequestFacts.read(ex.api, ex.pathModel, ex.body, maxMessages);
            return DONE;
        } catch (TranslationException e) {
            return StageFailure.of(e.error(), "client_error");
        }
    }
}
