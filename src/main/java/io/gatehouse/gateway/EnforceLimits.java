package io.gatehouse.gateway;

import io.gatehouse.limit.Counter;
import io.gatehouse.limit.Dimension;
import io.gatehouse.limit.LimitedScopes;
import io.gatehouse.limit.Limiter;
import io.gatehouse.limit.TokenEstimate;
import io.gatehouse.model.AiType;
import io.gatehouse.model.price.CostCalculator;
import io.gatehouse.model.price.PriceMatch;
import io.gatehouse.model.price.PriceRow;
import io.gatehouse.model.price.TokenCounts;
import io.gatehouse.provider.ChatRequests;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.route.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stage 5: the limits of the key, its repository and its workspace (docs/limits.md). Keys without any limit pass at
 * once. Otherwise one request and, when a token limit applies, the request's estimated tokens (input by
 * {@link TokenEstimate}, output as the request's {@code max_completion_tokens}/{@code max_tokens}, else
 * {@link TokenEstimate#DEFAULT_OUTPUT_TOKENS}) are reserved; when a money budget applies, so is their cost at the
 * dearest of the request's routes (a route without a price is refused: it could not be counted). First the input's
 * upper bound ({@link TokenEstimate#inputBound}, the body's bytes: no text read, no tokenizing) is offered to this
 * node's leases ({@link Limiter#reserveHeld}); only when they do not hold it is the exact estimate made, so the
 * refusals are the same. The reservation is settled when the exchange is recorded.
 * Every answer of a limited key carries the {@code x-ratelimit-*} headers; a used-up limit is a 429 in the client's
 * dialect with {@code retry-after}, recorded with outcome {@code limited}.
 */
final class EnforceLimits implements Stage {
    private final Limiter limiter;

    EnforceLimits(Limiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Future<Void> apply(Exchange ex) {
        LimitedScopes scopes = ex.key.limits();
        if (scopes.isEmpty()) {
            return DONE;
        }
        boolean money = scopes.counts(Dimension.Measure.MICRO_DOLLARS);
        if (!money && !scopes.counts(Dimension.Measure.TOKENS)) {
            return decided(ex, limiter.reserve(scopes, 0, 0));
        }
        long output;
        try {
            output = output(ex.api, ex.facts);
        } catch (TranslationException e) {
            return StageFailure.of(e.error(), "client_error");
        }
        List<PriceRow> prices = money ? new ArrayList<>(ex.routes.size()) : List.of();
        if (money) {
            for (Route route : ex.routes) {
                Optional<PriceMatch> price = Exchange.COSTS.find(route.upstream().aiType(), route.upstream().prices(),
                        route.upstreamModel());
                if (price.isEmpty()) {
                    return StageFailure.of(unpriced(route), "unpriced");
                }
                prices.add(price.get().row());
            }
        }
        // The bound needs neither the request's text nor the tokenizer. A request the leases admit with it would be
        // admitted with the exact estimate too; only one they do not cover needs the exact estimate.
        TokenCounts bound = new TokenCounts(TokenEstimate.inputBound(ex.facts.body.length), 0, 0, output);
        Limiter.Decision held = limiter.reserveHeld(scopes, bound.input() + bound.output(), cost(prices, bound));
        if (held != null) {
            return apply(ex, held);
        }
        if (!TokenEstimate.loaded()) {
            return tokenizerLoaded().compose(v -> apply(ex));
        }
        TokenCounts estimate = new TokenCounts(inputEstimate(ex), 0, 0, output);
        return decided(ex, limiter.reserve(scopes, estimate.input() + estimate.output(), cost(prices, estimate)));
    }

    /** The estimate's cost at the dearest of the request's routes (0 without a money budget). */
    private static long cost(List<PriceRow> prices, TokenCounts estimate) {
        long cost = 0;
        for (PriceRow row : prices) {
            cost = Math.max(cost, CostCalculator.micros(row, estimate));
        }
        return cost;
    }

    private static Future<Void> decided(Exchange ex, CompletionStage<Limiter.Decision> decision) {
        CompletableFuture<Limiter.Decision> done = decision.toCompletableFuture();
        if (done.isDone() && !done.isCompletedExceptionally()) {
            return apply(ex, done.join());
        }
        return onThisContext(decision).compose(d -> apply(ex, d));
    }

    /**
     * The stage's outcome on the calling context: at once when it completes on the context's own thread (the Redis
     * connection of this event loop answered), else handed over to it.
     */
    private static <T> Future<T> onThisContext(CompletionStage<T> stage) {
        ContextInternal context = (ContextInternal) Vertx.currentContext();
        PromiseInternal<T> promise = context.promise();
        stage.whenComplete((value, failure) -> {
            Runnable complete = () -> {
                if (failure == null) {
                    promise.complete(value);
                } else {
                    promise.fail(failure);
                }
            };
            if (context.inThread()) {
                context.dispatch(complete);
            } else {
                context.runOnContext(v -> complete.run());
            }
        });
        return promise.future();
    }

    private static Future<Void> apply(Exchange ex, Limiter.Decision decision) {
        decision.headers().forEach(ex.response::putHeader);
        return switch (decision.verdict()) {
            case ADMITTED -> {
                ex.limitReservation = decision.reservation();
                yield DONE;
            }
            case UNCOUNTED -> DONE;
            case LIMITED -> StageFailure.of(limited(decision.refused(), decision.retryAfterSeconds()), "limited");
            case UNAVAILABLE -> StageFailure.of(new GatewayError(503, ErrorKind.UNAVAILABLE,
                    "The gateway cannot check this key's limits right now (its limit counters are unreachable and "
                            + "limits.redis.failure is closed). Try again shortly.", "server_error",
                    "limits_unavailable", null, Map.of("retry-after", "1"), true, false, null), "limits_unavailable");
        };
    }

    /** The 429 for a used-up limit, naming the limit and when it resets. */
    static GatewayError limited(Counter refused, long retryAfterSeconds) {
        String owner = switch (refused.scope()) {
            case KEY -> "this key";
            case REPO -> "this key's repository";
            case WORKSPACE -> "this key's workspace";
        };
        String what = switch (refused.dimension()) {
            case RPM -> refused.limit() + " requests per minute";
            case TPM -> refused.limit() + " tokens per minute";
            case TOKENS_PER_DAY -> refused.limit() + " tokens per day (UTC)";
            case TOKENS_PER_MONTH -> refused.limit() + " tokens per month (UTC)";
            case COST_PER_DAY -> "USD " + CostCalculator.dollars(refused.limit()) + " of cost per day (UTC)";
            case COST_PER_MONTH -> "USD " + CostCalculator.dollars(refused.limit()) + " of cost per month (UTC)";
        };
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("retry-after", Long.toString(retryAfterSeconds));
        return new GatewayError(429, ErrorKind.RATE_LIMITED, "Rate limit reached: " + owner + " allows "
                + what + " (limits." + refused.dimension().field() + "), used up until the "
                + "window resets in " + retryAfterSeconds + " s.", ErrorKind.RATE_LIMITED.openAiType(),
                "rate_limit_exceeded", null, headers, false, false, null);
    }

    /**
     * A request under a money budget whose model has no price: its cost could not be counted, so it would slip past
     * the budget. Refused (403) until the configuration prices the model.
     */
    static GatewayError unpriced(Route route) {
        return new GatewayError(403, ErrorKind.INVALID_REQUEST, "This key is under a money budget (limits.maxCostPerDay"
                + " or maxCostPerMonth) and the model '" + route.upstreamModel() + "' of the AI configuration '"
                + route.upstream().name() + "' has no price, so its cost cannot be counted. Set the configuration's"
                + " prices (PUT /ai/llm/{id} with \"prices\") to use it under the budget.", "permission_error",
                "model_not_priced", null, Map.of(), false, false, null);
    }

    /** The tokenizer's vocabularies read on a worker thread, once per node, not on the event loop. */
    static Future<Void> tokenizerLoaded() {
        return Vertx.currentContext().executeBlocking(() -> {
            TokenEstimate.load();
            return null;
        }, false);
    }

    /** The input tokens of the request for its first route's model, estimated ({@link TokenEstimate}). */
    static long inputEstimate(Exchange ex) {
        Route first = ex.routes.getFirst();
        String model = first.upstreamModel();
        boolean openAi = first.upstream().aiType() == AiType.OPENAI || TokenEstimate.openAiModel(model);
        return TokenEstimate.input(ex.requestText().text().joined(), openAi);
    }

    /**
     * The output the request may produce: its own limit, read from the body's top level without the whole tree (a
     * Gemini body's tree is read anyway), else {@link TokenEstimate#DEFAULT_OUTPUT_TOKENS}.
     */
    private static long output(Api api, RequestFacts facts) {
        Integer max = switch (api) {
            case EMBEDDINGS, GEMINI_EMBED, GEMINI_BATCH_EMBED, ANTHROPIC_COUNT_TOKENS, GEMINI_COUNT_TOKENS -> 0;
            case ANTHROPIC_MESSAGES -> ChatRequests.tokenLimitValue(facts.member("max_tokens"), "max_tokens");
            case GEMINI_GENERATE, GEMINI_STREAM -> ChatRequests.tokenLimit(facts.tree().path("generationConfig"),
                    "maxOutputTokens");
            default -> {
                Integer completion = ChatRequests.tokenLimitValue(facts.member("max_completion_tokens"),
                        "max_completion_tokens");
                yield completion != null ? completion
                        : ChatRequests.tokenLimitValue(facts.member("max_tokens"), "max_tokens");
            }
        };
        return max == null ? TokenEstimate.DEFAULT_OUTPUT_TOKENS : max;
    }
}
