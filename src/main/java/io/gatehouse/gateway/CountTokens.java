package io.gatehouse.gateway;

import io.gatehouse.limit.TokenEstimate;
import io.gatehouse.provider.anthropic.AnthropicCountTokens;
import io.gatehouse.provider.gemini.GeminiIngress;
import io.gatehouse.route.Route;
import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

/**
 * The token-count endpoints ({@code /anthropic/v1/messages/count_tokens}, Gemini's {@code :countTokens}) after the
 * input policies: a provider that counts (Anthropic, Gemini) is asked through the provider call; for one that does not
 * (OpenAI-type) the gateway answers an estimate and calls nobody. The answer says which in
 * {@value #HEADER}: {@code provider} or {@code estimate}. The estimate is the one the limits reserve with
 * ({@link io.gatehouse.limit.TokenEstimate}) over the text the model would read (the text policies read,
 * {@link PolicyText}): OpenAI's tokenizer for OpenAI-family models, else a character rule, plus a fixed framing
 * allowance; images are not counted. A count is recorded as a request with zero tokens.
 */
final class CountTokens {
    static final String HEADER = "x-gatehouse-token-count";

    private final GatewayContext context;
    private final Consumer<Exchange> providerCall;

    CountTokens(GatewayContext context, Consumer<Exchange> providerCall) {
        this.context = context;
        this.providerCall = providerCall;
    }

    void start(Exchange ex) {
        Route route = ex.routes.getFirst();
        if (route.upstream().adapter().countsTokens()) {
            ex.response.putHeader(HEADER, "provider");
            providerCall.accept(ex);
            return;
        }
        if (!TokenEstimate.loaded()) {
            EnforceLimits.tokenizerLoaded().onComplete(loaded -> {
                if (loaded.succeeded()) {
                    start(ex);
                } else {
                    GatewayErrors.log(ex.requestId(), loaded.cause());
                    ex.fail(GatewayErrors.internal(ex.requestId()), "gateway_error");
                    ex.record(context);
                }
            });
            return;
        }
        ex.route = route;
        long tokens = EnforceLimits.inputEstimate(ex);
        ex.response.putHeader(HEADER, "estimate");
        ex.answer(200, Buffer.buffer(ex.dialect() == ClientDialect.GOOGLE ? GeminiIngress.totalTokens(tokens)
                : AnthropicCountTokens.answer(tokens)));
        ex.record(context);
    }
}
