package io.gatehouse.gateway;

import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

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

    /** What the gateway serves, for the answer to a path it does not: "POST /v1/chat/completions, …". */
    private static final String SERVED = Arrays.stream(Api.values())
            .map(api -> api.method + " " + api.path)
            .collect(Collectors.joining(", "));

    /** 404 for paths the gateway does not serve, in the dialect of the path's family, naming what is served. */
    static GatewayError unknownPath(String path) {
        String message = "Unknown path " + printable(path) + ". Gatehouse serves " + SERVED + " (docs/api.md, \"Gateway\").";
        return new GatewayError(404, ErrorKind.NOT_FOUND, message,
                "invalid_request_error", "not_found", null, Map.of(), false, false, null);
    }

    /** 404 for a stored response this key's repository does not have (never stored, deleted, or another's). */
    static GatewayError noSuchResponse(String id, String param) {
        return new GatewayError(404, ErrorKind.NOT_FOUND, "No response with id '" + printable(id) + "' found.",
                "invalid_request_error", "not_found", param, Map.of(), false, false, null);
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
