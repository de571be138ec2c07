package io.gatehouse.gateway.upstream;

import io.vertx.core.http.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors of a provider connection (a reset mid-answer, say) are answered to the client and counted by the call that
 * used it ({@code gatehouse_upstream_errors_total}); without a handler of its own the HTTP client would also log each
 * one as a bare ERROR line without the request or the provider. Installed on every provider client's connections.
 */
public final class ConnectionErrors {
    private static final Logger log = LoggerFactory.getLogger(ConnectionErrors.class);

    private ConnectionErrors() {
    }

    public static void handledByTheCall(HttpConnection connection) {
        connection.exceptionHandler(e -> log.debug("Provider connection to {} failed: {}", connection.remoteAddress(), e.toString()));
    }
}
