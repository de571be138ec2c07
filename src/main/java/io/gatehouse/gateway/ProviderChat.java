package io.gatehouse.gateway;

import io.gatehouse.egress.EgressPolicy;
import io.gatehouse.egress.EgressRefused;
import io.gatehouse.policy.judge.ChatCompletions;
import io.gatehouse.provider.CallPlan;
import io.gatehouse.route.Route;
import io.gatehouse.gateway.upstream.MediaFetcher;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One non-streaming chat completion that Gatehouse makes for itself (the policy judge, policy advice) rather than
 * for a client. The OpenAI-shaped request is planned exactly like a {@code /v1} request ({@link CallPlanner}: byte
 * for byte to OpenAI-type upstreams, translated for Anthropic and Gemini), sent with the route's credentials on a
 * Vert.x {@link HttpClient}, and answered as an OpenAI chat completion with the provider's usage. No fallback and
 * no retry: the caller decides what a failure means. Never blocks; the future fails with a {@link Failure} whose
 * message names the configuration and the cause, never a secret or the prompt.
 */
public final class ProviderChat implements ChatCompletions {
    private static final Logger log = LoggerFactory.getLogger(ProviderChat.class);
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private final Vertx vertx;
    private final HttpClient client;
    private final GatewaySettings settings;
    private final CredentialFailures credentialFailures;
    private final EgressPolicy egress;
    private final CallPlanner planner;

    /**
     * @param client             an HTTP client of this Vert.x instance (a gateway verticle's upstream client, or one
     *                           of its own)
     * @param credentialFailures told when a provider refuses a configuration's credentials, as on {@code /v1}
     * @param egress             where provider calls may go, as on {@code /v1}
     */
    public ProviderChat(Vertx vertx, HttpClient client, GatewaySettings settings, CredentialFailures credentialFailures,
                        EgressPolicy egress, Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.settings = settings;
        this.credentialFailures = credentialFailures;
        this.egress = egress;
        // Gatehouse's own requests are text only, so the fetcher for linked images is never asked.
        this.planner = new CallPlanner(settings, clock, IdGenerator.random(), new MediaFetcher(vertx, client,
                settings.mediaTimeout(), settings.mediaMaxBytes(), false));
    }

    @Override
    public Future<Completion> complete(Route route, byte[] openAiRequest, Duration timeout) {
        Promise<Completion> result = Promise.promise();
        if (Vertx.currentContext() != null) {
            start(route, openAiRequest, timeout, result);
        } else {
            // Off the event loop (the Platform API's virtual threads): the response must be read on one Vert.x
            // context, or its body can end before the handler reading it is set.
            vertx.getOrCreateContext().runOnContext(v -> start(route, openAiRequest, timeout, result));
        }
        return result.future();
    }

    private void start(Route route, byte[] openAiRequest, Duration timeout, Promise<Completion> result) {
        String where = "configuration '" + route.upstream().name() + "'";
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
            if (result.tryFail(new Failure("The provider of " + where + " did not answer within "
                    + timeout.toMillis() + " ms.", true))) {
                HttpClientRequest request = sent.get();
                if (request != null) {
                    request.reset();
                }
            }
        });
        result.future().onComplete(done -> vertx.cancelTimer(timer));
        try {
            RequestFacts facts = RequestFacts.read(Api.CHAT, openAiRequest, settings.maxMessages());
            planner.chat(facts, route)
                    .compose(plan -> send(route, plan, sent, () -> result.future().isComplete()))
                    .onComplete(answered -> {
                        if (answered.failed()) {
                            result.tryFail(failure(where, answered.cause()));
                        } else {
                            result.tryComplete(answered.result());
                        }
                    });
        } catch (TranslationException e) {
            result.tryFail(new Failure("The request for " + where + " could not be built: " + e.getMessage(), false));
        } catch (RuntimeException bug) {
            log.error("Gatehouse's own call to the provider of {} failed unexpectedly", where, bug);
            result.tryFail(new Failure("Gatehouse failed to call the provider of " + where + " (logged).", false));
        }
    }

    private Future<Completion> send(Route route, CallPlan plan, AtomicReference<HttpClientRequest> sent,
                                    BooleanSupplier late) {
        UpstreamRequest request = plan.request();
        RequestOptions options = route.upstream().requestOptions(request, settings.timeouts().connect())
                .setFollowRedirects(false);
        return egress.check(route.upstream().endpoint().host(), route.upstream().endpoint().port())
                .compose(target -> client.request(target.pin(options)))
                .compose(r -> {
                    sent.set(r);
                    if (late.getAsBoolean()) {
                        r.reset(); // the deadline passed while a connection was being opened
                    }
                    return r.send(Buffer.buffer(request.body()));
                })
                .compose(response -> read(response).map(body -> answer(route, plan, response, body)));
    }

    private static Future<byte[]> read(HttpClientResponse response) {
        Promise<byte[]> body = Promise.promise();
        BodyBuffer buffer = new BodyBuffer(MAX_ANSWER_BYTES);
        response.handler(chunk -> {
            if (!buffer.add(chunk)) {
                response.handler(null);
                body.tryFail(new Failure("The provider's answer is larger than " + MAX_ANSWER_BYTES + " bytes.",
                        false));
                response.request().reset();
            }
        });
        response.exceptionHandler(body::tryFail);
        response.endHandler(v -> body.tryComplete(buffer.buffer().getBytes()));
        return body.future();
    }

    private Completion answer(Route route, CallPlan plan, HttpClientResponse response, byte[] body) {
        int status = response.statusCode();
        String where = "configuration '" + route.upstream().name() + "'";
        if (status < 200 || status >= 300) {
            GatewayError error = plan.error(status, ProviderCall.lowercaseHeaders(response), body, route.upstream().credential());
            if (error.upstreamCredentialFailure()) {
                credentialFailures.refused(route.upstream(),
                        error.providerType() == null ? "HTTP " + status : error.providerType());
            }
            throw new Failure("The provider of " + where + " answered HTTP " + status + ": " + error.message(),
                    error.kind() == ErrorKind.TIMEOUT);
        }
        try {
            byte[] openAi = plan.passThrough() ? body : plan.translate().apply(body);
            return new Completion(ProviderJson.read(openAi), plan.usage().apply(body));
        } catch (RuntimeException unreadable) {
            throw new Failure("The answer of the provider of " + where + " could not be read.", false);
        }
    }

    private static Failure failure(String where, Throwable cause) {
        if (cause instanceof Failure f) {
            return f;
        }
        if (cause instanceof EgressRefused refused) {
            return new Failure("Gatehouse does not call the provider of " + where + ": " + refused.getMessage() + ".",
                    false);
        }
        log.debug("Gatehouse's call to the provider of {} failed: {}", where, cause.toString());
        boolean timeout = cause instanceof java.util.concurrent.TimeoutException
                || cause.getClass().getSimpleName().contains("Timeout");
        return new Failure((timeout ? "Could not connect to the provider of " : "Could not reach the provider of ")
                + where + ".", timeout);
    }

}
