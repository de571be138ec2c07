package io.gatehouse.provider;

import io.gatehouse.crypto.Secret;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One upstream attempt, ready to send: the request (without credentials) and how to read what comes back in the
 * client's format — a non-streaming body (translated, or {@code null} translate for same-format pass-through), its
 * usage, a stream translator ({@code null} where the ingress has no stream), and the provider's error mapping.
 */
public record CallPlan(UpstreamRequest request, UnaryOperator<byte[]> translate, Function<byte[], Usage> usage,
                       Supplier<StreamTranslator> stream, ErrorMapper errors) {

    /** A provider's error answer (before any stream byte) as the client sees it. */
    @FunctionalInterface
    public interface ErrorMapper {
        GatewayError map(int status, Map<String, String> lowercaseHeaders, byte[] body);
    }

    public boolean passThrough() {
        return translate == null;
    }

    /**
     * The provider's error answer as the client sees it, scrubbed of the credential the call carried (providers echo
     * keys in their messages); a plain error of its status when the body is unreadable.
     */
    public GatewayError error(int status, Map<String, String> lowercaseHeaders, byte[] body, Secret credential) {
        try {
            return errors.map(status, lowercaseHeaders, body).scrubbed(credential);
        } catch (RuntimeException unreadable) {
            return GatewayError.of(ErrorKind.forStatus(status), "The provider answered HTTP " + status + ".");
        }
    }
}
