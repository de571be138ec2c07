package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Stage 3: the facts routing needs from the body (model, stream, usage wish); malformed bodies are 400s. A Responses
 * API request is read into its chat completions form ({@link ResponsesExchange}), after the conversation its
 * {@code previous_response_id} names is read from the store (off the event loop; another repository's id is a 404).
 */
final class ReadRequest implements Stage {
    private final int maxMessages;
    private final GatewayContext context;

    ReadRequest(int maxMessages, GatewayContext context) {
        this.maxMessages = maxMessages;
        this.context = context;
    }

    @Override
    public Future<Void> apply(Exchange ex) {
        try {
            if (ex.api == Api.RESPONSES) {
                return responses(ex);
            }
            ex.facts = RequestFacts.read(ex.api, ex.pathModel, ex.body, maxMessages);
            return DONE;
        } catch (TranslationException e) {
            return StageFailure.of(e.error(), "client_error");
        }
    }

    private Future<Void> responses(Exchange ex) {
        JsonNode request = ResponsesExchange.read(ex.body);
        String previous = request.path("previous_response_id").asText(null);
        if (previous == null) {
            return responses(ex, request, ProviderJson.NODES.arrayNode());
        }
        String repo = ex.key.repo().id();
        return Vertx.currentContext().executeBlocking(() -> context.responses().find(repo, previous), false)
                .transform(found -> {
                    if (found.failed()) {
                        GatewayErrors.log(ex.requestId(), found.cause());
                        return StageFailure.of(GatewayError.of(ErrorKind.SERVER,
                                "The stored response could not be read; try again."), "gateway_error");
                    }
                    if (found.result() == null) {
                        return StageFailure.of(GatewayErrors.noSuchResponse(previous, "previous_response_id"),
                                "client_error");
                    }
                    return responses(ex, request, (ArrayNode) ProviderJson.read(
                            found.result().conversation().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                });
    }

    private Future<Void> responses(Exchange ex, JsonNode request, ArrayNode earlier) {
        try {
            ex.responses = ResponsesExchange.of(request, earlier, context.ids(), context.clock());
            ex.facts = RequestFacts.read(Api.CHAT, ex.responses.chatBody(), maxMessages);
            return DONE;
        } catch (TranslationException e) {
            return StageFailure.of(e.error(), "client_error");
        }
    }
}
