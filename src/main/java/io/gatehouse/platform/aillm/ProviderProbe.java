package io.gatehouse.platform.aillm;

import io.gatehouse.model.ValidationOutcome;
import io.gatehouse.crypto.Secret;
import io.gatehouse.egress.EgressPolicy;
import io.gatehouse.egress.EgressRefused;
import io.gatehouse.model.AiType;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.ModelListException;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.ProviderAdapter;
import io.gatehouse.provider.ProviderSettings;
import io.gatehouse.provider.RequestAuth;
import io.gatehouse.provider.Credentials;
import io.gatehouse.provider.CredentialsUnavailable;
import io.gatehouse.provider.Providers;
import io.gatehouse.provider.gemini.GeminiOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Validates a configuration by a real call with its credentials to the provider's models endpoint (see
 * the provider packages' model catalogs), reading every page of the catalog. It never throws: each failure becomes a message
 * naming the cause — the provider refusing the credentials (with its own reason), an unknown or unreachable
 * host, a TLS failure, a timeout, an answer that is not a model list, a target the {@link EgressPolicy} refuses (with
 * the setting that would allow it) — from which the secret is scrubbed. The host is resolved and checked once and the
 * call goes to the checked address (the name stays in {@code Host} and TLS). Redirects are not followed, so
 * credentials never travel to a host the configuration does not name. Blocking: callers run on virtual threads.
 */
public final class ProviderProbe {
    private static final int MAX_PAGES = 50;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final Vertx vertx;
    private final HttpClient client;
    private final EgressPolicy egress;
    private final Duration timeout;
    /** What the catalog requests read: the {@code anthropic-version} to send, Gemini's default API version. */
    private final ProviderSettings settings;

    /** A provider's answer, read whole (up to a limit). */
    private record Answer(int status, String location, byte[] body) {
    }

    /** The call and each page together must finish within {@code timeout}. */
    public ProviderProbe(Vertx vertx, EgressPolicy egress, Duration timeout, String anthropicVersion) {
        this.vertx = vertx;
        this.egress = egress;
        this.timeout = timeout;
        this.settings = new ProviderSettings(anthropicVersion, 0, GeminiOptions.defaults().apiVersion(), null, null);
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(false).setConnectTimeout((int) timeout.toMillis()))
                .build();
    }

    /**
     * Lists the provider's models with the given credentials ({@code secret} may be null for OTHER; {@code keyId}
     * is the configuration's key id, which AWS signs with).
     */
    public ValidationOutcome probe(AiType type, String endpoint, String keyId, Secret secret) {
        return probe(type, endpoint, Credentials.of(keyId, secret));
    }

    /**
     * Lists the provider's models with the given credentials, temporary ones obtained first (AWS AssumeRole):
     * credentials that cannot be obtained count as refused ones.
     */
    public ValidationOutcome probe(AiType type, String endpoint, Credentials credentials) {
        ProviderAdapter adapter = Providers.of(type);
        Secret secret = credentials.secret();
        RequestAuth auth = secret == null ? RequestAuth.fixed(List.of()) : adapter.auth(endpoint, credentials);
        try {
            if (credentials.roleArn() != null) {
                // AssumeRole goes to the endpoint's host when it is not AWS's (decision 0021): the policy decides first.
                URI target = URI.create(endpoint);
                egress.checkNow(target.getHost(), port(target));
            }
            auth.prepare();
        } catch (EgressRefused refused) {
            return ValidationOutcome.failed("Not called (egress policy): " + refused.getMessage());
        } catch (UnknownHostException e) {
            return ValidationOutcome.failed(scrub(secret, unreachable(URI.create(endpoint), e)));
        } catch (CredentialsUnavailable e) {
            return new ValidationOutcome(false, scrub(secret, e.getMessage()), List.of(), true);
        }
        String base = adapter.catalogEndpoint(endpoint);
        Map<String, ModelEntry> models = new LinkedHashMap<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            UpstreamRequest list = adapter.catalogRequest(settings, cursor);
            URI uri = URI.create(base + list.path());
            Map<String, String> headers = new LinkedHashMap<>();
            list.headers().forEach(h -> headers.put(h.name(), h.value()));
            auth.headers(list.method(), uri.toString(), list.headers(), list.body())
                    .forEach(h -> headers.put(h.name(), h.value()));
            Answer response;
            try {
                response = get(uri, headers);
            } catch (EgressRefused refused) {
                return ValidationOutcome.failed("Not called (egress policy): " + refused.getMessage());
            } catch (IOException | TimeoutException e) {
                return ValidationOutcome.failed(scrub(secret, unreachable(uri, e)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ValidationOutcome.failed("Validation was interrupted");
            }
            if (response.status() != 200) {
                return new ValidationOutcome(false, scrub(secret, refused(uri, response)), List.of(),
                        credentialsRefused(response));
            }
            ModelPage result;
            try {
                result = adapter.catalogPage(response.body());
            } catch (ModelListException e) {
                return ValidationOutcome.failed(scrub(secret, hostOf(uri) + " answered HTTP 200 but not with a model list (" + e.getMessage()
                        + "): is " + endpoint + " the base URL of a " + type + " API?"));
            }
            result.models().forEach(m -> models.putIfAbsent(m.id(), m));
            if (result.nextCursor() == null || result.nextCursor().equals(cursor)) {
                break;
            }
            cursor = result.nextCursor();
        }
        return new ValidationOutcome(true, "Validated: the provider lists " + models.size() + " model" + (models.size() == 1 ? "" : "s"),
                List.copyOf(models.values()), false);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * One GET to the checked address of the URI's host, read whole on a Vert.x context (its handlers must be set
     * where the response is read); the deadline covers connecting, the headers and a body that trickles in.
     */
    private Answer get(URI uri, Map<String, String> headers) throws IOException, InterruptedException, TimeoutException {
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        int port = port(uri);
        EgressPolicy.Target target = egress.checkNow(uri.getHost(), port);
        RequestOptions options = target.pin(new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(uri.getHost()).setPort(port).setSsl(ssl)
                .setURI((uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                .setFollowRedirects(false).setConnectTimeout(timeout.toMillis())
                .putHeader("User-Agent", "Gatehouse"));
        headers.forEach(options::putHeader);
        Promise<Answer> answer = Promise.promise();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        vertx.getOrCreateContext().runOnContext(v -> client.request(options)
                .compose(request -> {
                    sent.set(request);
                    return request.send();
                })
                .onComplete(response -> {
                    if (response.failed()) {
                        answer.tryFail(response.cause());
                        return;
                    }
                    Buffer body = Buffer.buffer();
                    var r = response.result();
                    r.handler(chunk -> {
                        if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                            answer.tryFail(new IOException("the answer is larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MiB"));
                            r.request().reset();
                        } else {
                            body.appendBuffer(chunk);
                        }
                    });
                    r.exceptionHandler(answer::tryFail);
                    r.endHandler(end -> answer.tryComplete(new Answer(r.statusCode(), r.getHeader("location"),
                            body.getBytes())));
                }));
        try {
            return answer.future().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            HttpClientRequest request = sent.get();
            if (request != null) {
                vertx.runOnContext(v -> request.reset());
            }
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause() == null ? "request failed" : e.getCause().toString(), e.getCause());
        }
    }

    /** The provider refused the credentials themselves (not the request): what a gateway call's refusal must match. */
    private static boolean credentialsRefused(Answer response) {
        int status = response.status();
        return status == 401 || status == 403 || (status == 400 && ProviderErrors.isInvalidApiKey(response.body()));
    }

    /** The reason a provider's non-200 answer gives, phrased for the person validating. */
    private static String refused(URI uri, Answer response) {
        int status = response.status();
        String said = ProviderErrors.message(response.body());
        String detail = "HTTP " + status + (said == null ? "" : ": " + said);
        if (credentialsRefused(response)) {
            return "The provider rejected the credentials (" + detail + ")";
        }
        if (status >= 300 && status < 400) {
            return hostOf(uri) + " redirects (" + detail + ") to " + (response.location() == null ? "elsewhere"
                    : response.location()) + ": use the final address as the endpoint";
        }
        if (status == 404) {
            return hostOf(uri) + " has no models endpoint at " + uri.getPath() + " (" + detail + "): check the endpoint";
        }
        if (status == 429) {
            return "The provider is limiting requests (" + detail + "); try again later";
        }
        if (status >= 500) {
            return "The provider failed to answer (" + detail + ")";
        }
        return "The provider refused the request (" + detail + ")";
    }

    /** Why the provider could not be reached at all. */
    private String unreachable(URI uri, Exception e) {
        String host = hostOf(uri);
        String seconds = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        if (e instanceof TimeoutException) {
            return host + " did not answer within " + seconds;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "Unknown host " + uri.getHost() + ": check the endpoint";
            }
            if (t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return "Could not connect to " + host + " within " + seconds;
            }
            if (t instanceof SSLException || t.getClass().getSimpleName().contains("Ssl")) {
                return "TLS with " + host + " failed: " + describe(t);
            }
        }
        if (e instanceof ConnectException) {
            return "Could not connect to " + host + " (" + describe(rootCause(e)) + ")";
        }
        return "Could not reach " + host + ": " + describe(rootCause(e));
    }

    private static String hostOf(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private static String scrub(Secret secret, String message) {
        return secret == null ? message : secret.scrub(message);
    }
}
