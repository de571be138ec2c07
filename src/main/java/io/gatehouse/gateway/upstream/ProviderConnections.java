package io.gatehouse.gateway.upstream;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.PoolOptions;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pooled HTTP client that calls providers, and what it knows of its connections: whether a request went out on a
 * connection's first use or on one taken back from the pool. A provider closes an idle connection when its own
 * keep-alive time runs out (uvicorn and Node after 5 s); a request written to it in that instant meets the close
 * with no byte of answer, and the provider never read it. Such a request may be sent again on a new connection (RFC
 * 9112 §9.3.1) — {@link #staleReuse} says when. A close on a connection's first use is not retried: the provider got
 * that request and may have acted on it.
 */
public final class ProviderConnections {
    /** Seconds an idle connection stays pooled. */
    static final int KEEP_ALIVE_SECONDS = 60;

    private final HttpClient client;
    /** Connections opened and not yet given a request. */
    private final Set<HttpConnection> unused = ConcurrentHashMap.newKeySet();

    public ProviderConnections(Vertx vertx, int poolSize) {
        client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(false)
                        .setKeepAliveTimeout(KEEP_ALIVE_SECONDS).setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024))
                .with(new PoolOptions().setHttp1MaxSize(poolSize).setMaxWaitQueueSize(-1))
                .withConnectHandler(this::opened)
                .build();
    }

    public HttpClient client() {
        return client;
    }

    /**
     * Whether a request is sent on a connection that served an earlier one. Called once per request, as it is sent:
     * the first call for a connection answers false and marks the connection used.
     */
    public boolean reused(HttpConnection connection) {
        return !unused.remove(connection);
    }

    /**
     * Whether a request that got no byte of answer failed because its pooled connection was closed under it — and so
     * can be sent again once on a fresh connection.
     */
    public static boolean staleReuse(boolean reused, Throwable failure) {
        return reused && (failure instanceof io.vertx.core.http.HttpClosedException || failure instanceof IOException);
    }

    private void opened(HttpConnection connection) {
        ConnectionErrors.handledByTheCall(connection);
        unused.add(connection);
        connection.closeHandler(v -> unused.remove(connection));
    }
}
