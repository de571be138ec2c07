package io.gatehouse.platform.aillm;

import io.gatehouse.crypto.Secret;
import io.gatehouse.provider.ModelEntry;
import io.gatehouse.provider.ModelListException;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.WireFormat;
import io.gatehouse.provider.anthropic.AnthropicModelCatalog;
import io.gatehouse.provider.gemini.GeminiModelCatalog;
import io.gatehouse.provider.gemini.GeminiOptions;
import io.gatehouse.provider.openai.OpenAiModelCatalog;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Validates a configuration by a real call with its credentials to the provider's models endpoint (see
 * the provider packages' model catalogs), reading every page of the catalog. It never throws: each failure becomes a message
 * naming the cause — the provider refusing the credentials (with its own reason), an unknown or unreachable
 * host, a TLS failure, a timeout, an answer that is not a model list — from which the secret is scrubbed.
 * Redirects are not followed, so credentials never travel to a host the configuration does not name.
 */
public final class ProviderProbe {
    private static final int MAX_PAGES = 50;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final HttpClient client;
    private final Duration timeout;
    private final String anthropicVersion;

    /** What a validation found: success with the catalog, or failure with the reason. */
    public record Outcome(boolean success, String message, List<ModelEntry> models) {
        static Outcome failed(String message) {
            return new Outcome(false, message, List.of());
        }
    }

    /** The call and each page together must finish within {@code timeout}. */
    public ProviderProbe(Duration timeout, String anthropicVersion) {
        this.timeout = timeout;
        this.anthropicVersion = anthropicVersion;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Lists the provider's models with the given credentials ({@code secret} may be null for OTHER). */
    public Outcome probe(AiType type, String endpoint, Secret secret) {
        WireFormat format = WireFormat.forAiType(type.name());
        Map<String, String> auth = new LinkedHashMap<>();
        if (secret != null) {
            format.authHeaders(secret).forEach(h -> auth.put(h.name(), h.value()));
        }
        Map<String, ModelEntry> models = new LinkedHashMap<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            UpstreamRequest list = switch (format) {
                case OPENAI -> OpenAiModelCatalog.listRequest();
                case ANTHROPIC -> AnthropicModelCatalog.listRequest(anthropicVersion, cursor);
                case GEMINI -> GeminiModelCatalog.listRequest(GeminiOptions.defaults(), cursor);
            };
            URI uri = URI.create(endpoint + list.path());
            Map<String, String> headers = new LinkedHashMap<>(auth);
            list.headers().forEach(h -> headers.put(h.name(), h.value()));
            HttpResponse<byte[]> response;
            try {
                response = get(uri, headers);
            } catch (IOException | TimeoutException e) {
                return Outcome.failed(scrub(secret, unreachable(uri, e)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.failed("Validation was interrupted");
            }
            if (response.statusCode() != 200) {
                return Outcome.failed(scrub(secret, refused(uri, response)));
            }
            ModelPage result;
            try {
                result = switch (format) {
                    case OPENAI -> OpenAiModelCatalog.parse(response.body());
                    case ANTHROPIC -> AnthropicModelCatalog.parse(response.body());
                    case GEMINI -> GeminiModelCatalog.parse(response.body());
                };
            } catch (ModelListException e) {
                return Outcome.failed(scrub(secret, hostOf(uri) + " answered HTTP 200 but not with a model list (" + e.getMessage()
                        + "): is " + endpoint + " the base URL of a " + type + " API?"));
            }
            result.models().forEach(m -> models.putIfAbsent(m.id(), m));
            if (result.nextCursor() == null || result.nextCursor().equals(cursor)) {
                break;
            }
            cursor = result.nextCursor();
        }
        return new Outcome(true, "Validated: the provider lists " + models.size() + " model" + (models.size() == 1 ? "" : "s"),
                List.copyOf(models.values()));
    }

    private HttpResponse<byte[]> get(URI uri, Map<String, String> headers)
            throws IOException, InterruptedException, TimeoutException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("User-Agent", "Gatehouse");
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request.build(), info -> new LimitedBody(MAX_BODY_BYTES));
        try {
            // The request timeout covers the headers; this deadline also covers a body that trickles in.
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause() == null ? "request failed" : e.getCause().toString(), e.getCause());
        }
    }

    /** The reason a provider's non-200 answer gives, phrased for the person validating. */
    private static String refused(URI uri, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String said = ProviderErrors.message(response.body());
        String detail = "HTTP " + status + (said == null ? "" : ": " + said);
        if (status == 401 || status == 403 || (status == 400 && ProviderErrors.isInvalidApiKey(response.body()))) {
            return "The provider rejected the credentials (" + detail + ")";
        }
        if (status >= 300 && status < 400) {
            return hostOf(uri) + " redirects (" + detail + ") to " + response.headers().firstValue("Location").orElse("elsewhere")
                    + ": use the final address as the endpoint";
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
        if (e instanceof HttpConnectTimeoutException) {
            return "Could not connect to " + host + " within " + seconds;
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            return host + " did not answer within " + seconds;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "Unknown host " + uri.getHost() + ": check the endpoint";
            }
            if (t instanceof SSLException) {
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

    /** Collects a body up to a size limit and fails beyond it, so a hostile endpoint cannot exhaust memory. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
        private final long limit;
        private long received;
        private Flow.Subscription subscription;
        private boolean failed;

        LimitedBody(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return bytes.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            bytes.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (failed) {
                return;
            }
            received += items.stream().mapToLong(ByteBuffer::remaining).sum();
            if (received > limit) {
                failed = true;
                subscription.cancel();
                bytes.onError(new IOException("the answer is larger than " + limit / (1024 * 1024) + " MiB"));
                return;
            }
            bytes.onNext(items);
        }

        @Override
        public void onError(Throwable throwable) {
            if (!failed) {
                bytes.onError(throwable);
            }
        }

        @Override
        public void onComplete() {
            if (!failed) {
                bytes.onComplete();
            }
        }
    }
}
