package io.gatehouse.gateway;

import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.StreamTranslator;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.Usage;

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
}
