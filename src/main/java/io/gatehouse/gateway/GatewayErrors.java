package io.gatehouse.gateway;

import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The gateway's own errors that are not about the request or the provider. */
final class GatewayErrors {
    private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);

    private GatewayErrors() {
    }

    /**
     * A bug on our side: a generic 500 naming the request id (the {@code x-request-id} the log line carries), never
     * a stack trace to the client.
     */
    static GatewayError internal(String requestId) {
        return new GatewayError(500, ErrorKind.SERVER, "The gateway failed to handle the request (request id "
                + requestId + "); the failure is logged.", "server_error", "internal_error", null, Map.of(), false,
                false, null);
    }

    static void log(String requestId, Throwable cause) {
        log.error("Unexpected failure in the gateway pipeline (request id {})", requestId, cause);
    }

    /** 404 for paths the gateway does not serve, in the dialect of the path's family. */
    static GatewayError unknownPath(String path) {
        return new GatewayError(404, ErrorKind.NOT_FOUND, "Unknown path " + printable(path) + ".",
                "invalid_request_error", "not_found", null, Map.of(), false, false, null);
    }

    static GatewayError methodNotAllowed(String method, String path) {
        return new GatewayError(405, ErrorKind.INVALID_REQUEST, method + " is not allowed on " + printable(path) + ".",
                "invalid_request_error", "method_not_allowed", null, Map.of(), false, false, null);
    }

    /** At most 200 printable ASCII characters of what the client sent. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
