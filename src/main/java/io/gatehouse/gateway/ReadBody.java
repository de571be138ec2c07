package io.gatehouse.gateway;

import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** Stage 2: the whole request body, at most {@code gateway.max.body.bytes} (413 beyond, told early by Content-Length). */
final class ReadBody implements Stage {
    private static final Logger log = LoggerFactory.getLogger(ReadBody.class);
    private final int maxBytes;

    ReadBody(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Future<Void> apply(Exchange ex) {
        if (declaredTooLarge(ex.request.getHeader("content-length"))) {
            return StageFailure.of(limit(), "client_error");
        }
        Promise<Void> read = Promise.promise();
        BodyBuffer body = new BodyBuffer(maxBytes);
        ex.request.handler(chunk -> {
            if (!body.add(chunk)) {
                ex.request.handler(null);
                read.tryFail(new StageFailure(limit(), "client_error"));
            }
        });
        ex.request.exceptionHandler(failure -> {
            // The client's doing (a malformed chunk, the connection gone mid-body): one line, no stack trace, and the
            // exchange ends here like any refused request.
            log.debug("Request {} body not read: {}", ex.requestId(), String.valueOf(failure));
            boolean gone = failure instanceof HttpClosedException || failure instanceof IOException;
            ex.clientGone |= gone;
            read.tryFail(new StageFailure(unreadable(gone), gone ? "cancelled" : "client_error"));
        });
        ex.request.endHandler(v -> {
            ex.body = body.buffer().getBytes();
            read.tryComplete();
        });
        return read.future();
    }

    private boolean declaredTooLarge(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A body that could not be read; 499 (nginx's "client closed request") when the client left. */
    private static GatewayError unreadable(boolean gone) {
        return new GatewayError(gone ? 499 : 400, ErrorKind.INVALID_REQUEST, "The request body could not be read: it is"
                + " malformed or was cut off.", "invalid_request_error", "unreadable_body", null, java.util.Map.of(),
                false, false, null);
    }

    private GatewayError limit() {
        return new GatewayError(413, ErrorKind.REQUEST_TOO_LARGE, "The request body is larger than " + maxBytes
                + " bytes.", "invalid_request_error", "request_too_large", null, java.util.Map.of(), false, false, null);
    }
}
