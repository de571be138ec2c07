package io.gatehouse.gateway;

import io.gatehouse.crypto.Secret;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.StreamTranslator;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.Usage;

import io.vertx.core.http.HttpClientResponse;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One upstream attempt, ready to send: the request (without credentials) and how to read what comes back in the
 * client's format — a non-streaming body (translated, or {@code null} translate for same-format pass-through), its
 * usage, a stream translator, and the provider's error mapping.
 */
record CallPlan(UpstreamRequest request, UnaryOperator<byte[]> translate, Function<byte[], Usage> usage,
                Supplier<StreamTranslator> stream, ErrorMapper errors) {

    /** A provider's error answer (before any stream byte) as the client sees it. */
    @FunctionalInterface
    interface ErrorMapper {
        GatewayError map(int status, Map<String, String> lowercaseHeaders, byte[] body);
    }

    boolean passThrough() {
        return translate == null;
    }

    /**
     * The provider's error answer as the client sees it, scrubbed of the credential the call carried (providers echo
     * keys in their messages); a plain error of its status when the body is unreadable.
     */
    GatewayError error(HttpClientResponse response, byte[] body, Secret credential) {
        int status = response.statusCode();
        try {
            Map<String, String> headers = new HashMap<>();
            response.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
            return errors.map(status, headers, body).scrubbed(credential);
        } catch (RuntimeException unreadable) {
            return GatewayError.of(ErrorKind.forStatus(status), "The provider answered HTTP " + status + ".");
        }
    }
}
