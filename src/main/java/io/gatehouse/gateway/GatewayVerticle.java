package io.gatehouse.gateway;

import io.gatehouse.gateway.upstream.ProviderConnections;
import io.gatehouse.gateway.upstream.MediaFetcher;
import io.gatehouse.guard.ErrorShape;
import io.gatehouse.guard.ListenerGuard;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One instance of the data-plane listener; Gatehouse deploys one per core, all sharing the port, each with its own
 * upstream HTTP client (pooled, keep-alive, no-delay). Requests are dispatched by path as plain code into the
 * {@link Pipeline}: authenticate key → read body → read request → read attribution → resolve route → limits → input policies → provider call
 * (translate, stream back through the output policies, meter) → record usage. Nothing here blocks the event loop.
 */
public final class GatewayVerticle extends VerticleBase {
    private final GatewayContext context;
    private final String host;
    private final int port;
    private final Readiness readiness;
    private final ListenerGuard guard;
    private HttpServer server;
    private HttpClient upstreamClient;
    private HttpClient mediaClient;
    private Pipeline providerPipeline;
    private Pipeline modelsPipeline;
    private Pipeline storedResponsePipeline;

    /**
     * The gateway's errors outside the pipeline (timeouts, malformed requests): Anthropic's shape under /anthropic/,
     * Google's on the Gemini-native paths.
     */
    public static final ErrorShape ERRORS = (path, status, code, message) -> ClientDialect.of(path).errorBody(
            new GatewayError(status, ErrorKind.INVALID_REQUEST, message, "invalid_request_error", code, null, Map.of(),
                    false, false, null));

    /** @param guard the listener's connection caps and timeouts, shared by every instance on the port */
    public GatewayVerticle(GatewayContext context, String host, int port, Readiness readiness, ListenerGuard guard) {
        this.context = context;
        this.host = host;
        this.port = port;
        this.readiness = readiness;
        this.guard = guard;
    }

    @Override
    public Future<?> start() {
        GatewaySettings settings = context.settings();
        ProviderConnections connections = new ProviderConnections(vertx, settings.upstreamPoolSize());
        upstreamClient = connections.client();
        mediaClient = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(false).setTcpNoDelay(true))
                .with(new PoolOptions().setHttp1MaxSize(16))
                .build();
        MediaFetcher media = new MediaFetcher(vertx, mediaClient, settings.mediaTimeout(), settings.mediaMaxBytes(),
                settings.mediaAllowPrivate());
        PolicyEnforcement policies = new PolicyEnforcement(context);
        ProviderCall call = new ProviderCall(vertx, connections, context, new CallPlanner(context, media)::plan,
                policies);
        AuthenticateKey authenticate = new AuthenticateKey(context);
        CountTokens counts = new CountTokens(context, call::start);
        providerPipeline = new Pipeline(List.of(authenticate, new ReadBody(settings.maxBodyBytes()),
                new ReadRequest(settings.maxMessages(), context), new ReadAttribution(), new ResolveRoute(), new EnforceLimits(context.limits()), policies),
                ex -> {
                    if (ex.api.ingress.countsTokens()) {
                        counts.start(ex);
                    } else {
                        call.start(ex);
                    }
                }, context);
        modelsPipeline = new Pipeline(List.of(authenticate), ex -> {
            ModelsEndpoint.answer(ex);
            ex.record(context);
        }, context);

        storedResponsePipeline = new Pipeline(List.of(authenticate), ex -> StoredResponseEndpoint.answer(ex, context),
                context);

        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setMaxHeaderSize(settings.maxHeaderBytes())
                .setMaxInitialLineLength(8 * 1024)
                .setCompressionSupported(false)
                .setHttp2ClearTextEnabled(false);
        server = guard.attach(vertx.createHttpServer(options)).requestHandler(this::handle);
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        return Future.join(upstreamClient.close(), mediaClient.close());
    }

    public int actualPort() {
        return server.actualPort();
    }

    /** Stops accepting connections and lets in-flight requests and streams finish, up to the timeout. */
    public Future<Void> drain(Duration timeout) {
        return server.shutdown(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        switch (path) {
            case "/v1/chat/completions" -> provider(Api.CHAT, request, null);
            case "/v1/embeddings" -> provider(Api.EMBEDDINGS, request, null);
            case "/v1/responses" -> provider(Api.RESPONSES, request, null);
            case "/anthropic/v1/messages" -> provider(Api.ANTHROPIC_MESSAGES, request, null);
            case "/anthropic/v1/messages/count_tokens" -> provider(Api.ANTHROPIC_COUNT_TOKENS, request, null);
            case "/anthropic/v1/models" -> models(Api.ANTHROPIC_MODELS, request, null);
            case "/v1/models" -> models(googleClient(request) ? Api.GEMINI_MODELS : Api.MODELS, request, null);
            case "/healthz" -> request.response()
                    .putHeader("content-type", Exchange.JSON)
                    .end("{\"status\":\"ok\"}");
            case "/readyz" -> request.response()
                    .setStatusCode(readiness.isReady() ? 200 : 503)
                    .putHeader("content-type", Exchange.JSON)
                    .end("{\"status\":\"" + readiness.state() + "\",\"store\":\"" + readiness.storeState() + "\"}");
            default -> elsewhere(path, request);
        }
    }

    /** The paths with a name in them: one Anthropic model, Gemini's model methods and models. */
    private void elsewhere(String path, HttpServerRequest request) {
        if (path.startsWith("/anthropic/v1/models/")) {
            models(Api.ANTHROPIC_MODELS, request, path.substring("/anthropic/v1/models/".length()));
            return;
        }
        GeminiPaths.Call call = GeminiPaths.call(path);
        if (call != null && call.api() != null) {
            provider(call.api(), request, call.model());
        } else if (call == null && GeminiPaths.underModels(path) != null
                && (path.startsWith("/v1beta/") || googleClient(request))) {
            models(Api.GEMINI_MODELS, request, GeminiPaths.modelOf(path));
        } else if (StoredResponseEndpoint.serves(path)) {
            storedResponse(request);
        } else {
            refuse(request, GatewayErrors.unknownPath(path), ClientDialect.of(path));
        }
    }

    /** A Google SDK's request on a path OpenAI's SDKs share ({@code /v1/models}): it carries the key its own way. */
    private static boolean googleClient(HttpServerRequest request) {
        return request.getHeader("x-goog-api-key") != null || request.getParam("key") != null;
    }

    /** @param pathModel the model a Gemini path names, else null */
    private void provider(Api api, HttpServerRequest request, String pathModel) {
        if (request.method() != HttpMethod.POST) {
            refuse(request, GatewayErrors.methodNotAllowed(request.method().name(), api.path), api.dialect);
            return;
        }
        Exchange ex = new Exchange(api, request);
        ex.pathModel = pathModel;
        if (api == Api.GEMINI_STREAM && !"sse".equals(request.getParam("alt"))) {
            ex.jsonArray = new JsonArrayStream();
        }
        providerPipeline.run(ex);
    }

    /** @param id the one model asked for, or null for the list */
    private void models(Api api, HttpServerRequest request, String id) {
        if (request.method() != HttpMethod.GET) {
            refuse(request, GatewayErrors.methodNotAllowed(request.method().name(), api.path), api.dialect);
            return;
        }
        Exchange ex = new Exchange(api, request);
        ex.pathModel = id;
        modelsPipeline.run(ex);
    }

    private void storedResponse(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.DELETE) {
            refuse(request, GatewayErrors.methodNotAllowed(request.method().name(), request.path()), ClientDialect.OPENAI);
            return;
        }
        storedResponsePipeline.run(new Exchange(Api.STORED_RESPONSE, request));
    }

    /**
     * An answer before the pipeline (unknown path, wrong method): the request still gets its id echoed, and is
     * counted and logged like any other.
     */
    private void refuse(HttpServerRequest request, io.gatehouse.provider.GatewayError error, ClientDialect dialect) {
        long started = System.nanoTime();
        String requestId = RequestId.of(request.getHeader(RequestId.HEADER));
        request.response().setStatusCode(error.status()).putHeader("content-type", Exchange.JSON)
                .putHeader(RequestId.HEADER, requestId)
                .end(Buffer.buffer(dialect.errorBody(error)));
        var client = request.remoteAddress();
        context.observer().refused(requestId, request.method().name(), request.path() == null ? "" : request.path(),
                client == null ? null : client.hostAddress(), request.getHeader("user-agent"), error.status(),
                error.kind().name().toLowerCase(Locale.ROOT), System.nanoTime() - started);
    }
}
