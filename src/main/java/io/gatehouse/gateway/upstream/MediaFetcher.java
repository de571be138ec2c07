package io.gatehouse.gateway.upstream;

import io.gatehouse.egress.AddressClass;
import io.gatehouse.provider.MediaFetch;
import io.gatehouse.provider.RemoteMedia;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fetches the {@code http(s)} images a request links, for providers that need the bytes inline (Gemini). Guarded
 * because the URL is the client's: only images (by {@code Content-Type}), at most {@code maxBytes}, within
 * {@code timeout}, no redirects, and — unless allowed — never an address on a private, loopback, link-local or
 * otherwise internal network (the name is resolved once, off the event loop, and the connection goes to exactly that
 * address). Each failure becomes a {@link MediaFetch.Failed} with a reason safe to show the client.
 */
public final class MediaFetcher {
    private final Vertx vertx;
    private final HttpClient client;
    private final Duration timeout;
    private final long maxBytes;
    private final boolean allowPrivate;

    public MediaFetcher(Vertx vertx, HttpClient client, Duration timeout, long maxBytes, boolean allowPrivate) {
        this.vertx = vertx;
        this.client = client;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.allowPrivate = allowPrivate;
    }

    /** Fetches every item; the future always succeeds, with one outcome per URL. */
    public Future<Map<String, MediaFetch>> fetchAll(List<RemoteMedia> media) {
        Map<String, MediaFetch> results = new LinkedHashMap<>();
        List<Future<Void>> pending = new ArrayList<>();
        for (RemoteMedia item : media) {
            if (results.containsKey(item.url())) {
                continue;
            }
            results.put(item.url(), new MediaFetch.Failed("not fetched"));
            pending.add(fetch(item.url()).map(outcome -> {
                results.put(item.url(), outcome);
                return null;
            }));
        }
        return Future.join(pending).transform(ignored -> Future.succeededFuture(results));
    }

    Future<MediaFetch> fetch(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(new MediaFetch.Failed("the image URL is not a valid URL"));
        }
        String host = uri.getHost();
        if (host == null) {
            return Future.succeededFuture(new MediaFetch.Failed("the image URL has no host"));
        }
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return vertx.<InetAddress>executeBlocking(() -> InetAddress.getByName(host), false)
                .transform(resolved -> {
                    if (resolved.failed()) {
                        return Future.succeededFuture(new MediaFetch.Failed("the image host " + host + " is unknown"));
                    }
                    InetAddress address = resolved.result();
                    if (!allowPrivate && AddressClass.of(address).internal()) {
                        return Future.succeededFuture(new MediaFetch.Failed("the image host " + host
                                + " is on a private network, which the gateway does not fetch from"));
                    }
                    return download(new RequestOptions().setMethod(HttpMethod.GET)
                            .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                            .setHost(host).setPort(port).setSsl(ssl).setURI(path)
                            .setConnectTimeout(timeout.toMillis()).setIdleTimeout(timeout.toMillis())
                            .setFollowRedirects(false));
                });
    }

    private Future<MediaFetch> download(RequestOptions options) {
        Promise<MediaFetch> outcome = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), t -> outcome.tryComplete(new MediaFetch.Failed("fetching the image took too long")));
        client.request(options).compose(request -> request.send()).onComplete(sent -> {
            if (sent.failed()) {
                outcome.tryComplete(new MediaFetch.Failed("the image could not be fetched"));
                return;
            }
            var response = sent.result();
            response.exceptionHandler(e -> outcome.tryComplete(new MediaFetch.Failed("the image could not be fetched")));
            String type = response.getHeader("content-type");
            String mime = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (response.statusCode() != 200) {
                response.request().reset();
                outcome.tryComplete(new MediaFetch.Failed("fetching the image answered HTTP " + response.statusCode()));
                return;
            }
            if (!mime.startsWith("image/")) {
                response.request().reset();
                outcome.tryComplete(new MediaFetch.Failed("the URL does not point to an image (" + (mime.isEmpty() ? "no content type" : mime) + ")"));
                return;
            }
            Buffer bytes = Buffer.buffer();
            response.handler(chunk -> {
                bytes.appendBuffer(chunk);
                if (bytes.length() > maxBytes) {
                    response.request().reset();
                    outcome.tryComplete(new MediaFetch.Failed("the image is larger than " + maxBytes / (1024 * 1024) + " MiB"));
                }
            });
            response.endHandler(v -> outcome.tryComplete(new MediaFetch.Fetched(mime, bytes.getBytes())));
        });
        return outcome.future().onComplete(done -> vertx.cancelTimer(timer));
    }
}
