package io.gatehouse.gateway;

import io.gatehouse.gateway.upstream.Deadlines;
import io.gatehouse.provider.GatewayError;

/**
 * When a failed attempt goes on to the repository's next candidate route: the failure is worth it (429, 5xx, 529,
 * timeouts, refused credentials: {@link GatewayError#fallbackWorthy()}; an Anthropic 529 included, see PITFALLS 28),
 * it came before any byte reached the client, there is a next route, the client is still there, and the total
 * deadline has not passed.
 */
final class Fallback {
    private Fallback() {
    }

    static boolean worthIt(GatewayError error, int attempt, Exchange ex, Deadlines.Kind expired) {
        return error.fallbackWorthy() && attempt + 1 < ex.routes.size() && !ex.clientGone
                && expired != Deadlines.Kind.TOTAL;
    }
}
