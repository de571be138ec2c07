package io.gatehouse.gateway;

import io.gatehouse.egress.EgressRefused;
import io.gatehouse.gateway.upstream.Deadlines;
import io.gatehouse.gateway.upstream.Timeouts;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.route.Upstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeoutException;

/** What the client is told when a provider call got no answer: a refused target, a deadline, an unreachable host. */
final class CallFailures {
    private static final Logger log = LoggerFactory.getLogger(CallFailures.class);

    private CallFailures() {
    }

    /**
     * A configuration whose endpoint the egress policy refuses: a 502 naming the endpoint and the setting that would
     * allow it (never the address it resolved to); not retried elsewhere, as it is a setting to fix, not a failure.
     */
    static GatewayError egressRefused(Upstream upstream, EgressRefused refused) {
        return new GatewayError(502, ErrorKind.SERVER, "Gatehouse does not call the provider of configuration '"
                + upstream.name() + "': " + refused.getMessage() + ".", "server_error", "egress_refused", null, Map.of(),
                false, false, null);
    }

    /** No answer: the passed deadline ({@code expired}, or null), a connect timeout, or a host that cannot be reached. */
    static GatewayError unreachable(Upstream upstream, Deadlines.Kind expired, Throwable cause, Timeouts timeouts) {
        if (cause instanceof EgressRefused refused) {
            return egressRefused(upstream, refused);
        }
        String where = upstream.name();
        if (expired != null) {
            return new GatewayError(504, ErrorKind.TIMEOUT, "The provider of configuration '" + where + "' "
                    + expired.phrase() + " " + seconds(timeouts, expired) + ".", "server_error", "timeout", null, Map.of(),
                    true, false, null);
        }
        boolean timeout = cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout");
        if (timeout) {
            return new GatewayError(504, ErrorKind.TIMEOUT, "Could not connect to the provider of configuration '"
                    + where + "' in time.", "server_error", "timeout", null, Map.of(), true, false, null);
        }
        log.debug("Upstream {} unreachable: {}", upstream, cause.toString());
        return new GatewayError(502, ErrorKind.UNAVAILABLE, "Could not reach the provider of configuration '" + where
                + "'.", "server_error", "upstream_unreachable", null, Map.of(), true, false, null);
    }

    private static String seconds(Timeouts t, Deadlines.Kind kind) {
        long ms = switch (kind) {
            case FIRST_BYTE -> t.firstByte().toMillis();
            case IDLE -> t.idle().toMillis();
            case TOTAL -> t.total().toMillis();
        };
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
