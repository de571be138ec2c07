package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.limit.Counter;
import io.gatehouse.limit.LimitedScopes;
import io.gatehouse.limit.Limiter;
import io.gatehouse.limit.TokenEstimate;
import io.gatehouse.model.AiType;
import io.gatehouse.provider.ChatRequests;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.route.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stage 5: the limits of the key, its repository and its workspace (docs/limits.md). Keys without any limit pass at
 * once. Otherwise one request and, when a token limit applies, the request's estimated tokens (input by
 * {@link TokenEstimate}, output as the request's {@code max_completion_tokens}/{@code max_tokens}, else
 * {@link TokenEstimate#DEFAULT_OUTPUT_TOKENS}) are reserved; the reservation is settled when the exchange is recorded.
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
        long tokens;
        try {
            tokens = scopes.countsTokens() ? estimate(ex) : 0;
        } catch (TranslationException e) {
            return StageFailure.of(e.error(), "client_error");
        }
        CompletionStage<Limiter.Decision> decision = limiter.reserve(scopes, tokens);
        CompletableFuture<Limiter.Decision> done = decision.toCompletableFuture();
        if (done.isDone() && !done.isCompletedExceptionally()) {
            return apply(ex, done.join());
        }
        return Future.fromCompletionStage(decision, Vertx.currentContext()).compose(d -> apply(ex, d));
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
            case RPM -> "requests per minute";
            case TPM -> "tokens per minute";
            case TOKENS_PER_DAY -> "tokens per day (UTC)";
            case TOKENS_PER_MONTH -> "tokens per month (UTC)";
        };
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("retry-after", Long.toString(retryAfterSeconds));
        return new GatewayError(429, ErrorKind.RATE_LIMITED, "Rate limit reached: " + owner + " allows "
                + refused.limit() + " " + what + " (limits." + refused.dimension().field() + "), used up until the "
                + "window resets in " + retryAfterSeconds + " s.", ErrorKind.RATE_LIMITED.openAiType(),
                "rate_limit_exceeded", null, headers, false, false, null);
    }

    /** Input tokens of the first route's model plus the output the request may produce. */
    private static long estimate(Exchange ex) {
        return inputEstimate(ex) + output(ex.api, ex.facts.tree());
    }

    /** The input tokens of the request for its first route's model, estimated ({@link TokenEstimate}). */
    static long inputEstimate(Exchange ex) {
        Route first = ex.routes.getFirst();
        String model = first.upstreamModel();
        boolean openAi = first.upstream().aiType() == AiType.OPENAI || TokenEstimate.openAiModel(model);
        return TokenEstimate.input(PolicyText.request(ex.api, ex.facts.tree()).text().joined(), model, openAi);
    }

    private static long output(Api api, JsonNode tree) {
        Integer max = switch (api) {
            case EMBEDDINGS, GEMINI_EMBED, GEMINI_BATCH_EMBED, ANTHROPIC_COUNT_TOKENS, GEMINI_COUNT_TOKENS -> 0;
            case ANTHROPIC_MESSAGES -> ChatRequests.tokenLimit(tree, "max_tokens");
            case GEMINI_GENERATE, GEMINI_STREAM -> ChatRequests.tokenLimit(tree.path("generationConfig"), "maxOutputTokens");
            default -> ChatRequests.maxOutputTokens(tree);
        };
        return max == null ? TokenEstimate.DEFAULT_OUTPUT_TOKENS : max;
    }
}
