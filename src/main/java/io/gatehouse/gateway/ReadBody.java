package io.gatehouse.gateway;

import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/** Stage 2: the whole request body, at most {@code gateway.max.body.bytes} (413 beyond, told early by Content-Length). */
final class ReadBody implements Stage {
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
        ex.request.exceptionHandler(read::tryFail);
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

    private GatewayError limit() {
        return new GatewayError(413, ErrorKind.REQUEST_TOO_LARGE, "The request body is larger than " + maxBytes
                + " bytes.", "invalid_request_error", "request_too_large", null, java.util.Map.of(), false, false, null);
    }
}
