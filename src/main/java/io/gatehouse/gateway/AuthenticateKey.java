package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.KeyAuthenticator;
import io.gatehouse.gateway.snapshot.KeyEntry;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.vertx.core.Future;

import java.util.Map;

/**
 * Stage 1: the repo key ({@code Authorization: Bearer} or {@code x-api-key}; on the Gemini-native paths also
 * {@code x-goog-api-key} or {@code ?key=}, as Google's SDKs send it). Unknown, revoked and expired keys get the same 401 after the same work (a hash and a map
 * lookup, the same as for a valid key); a source that keeps failing gets 429 instead for a while, while valid keys
 * from it still pass ({@link io.gatehouse.guard.FailureThrottle}). A disabled repository answers 403.
 */
final class AuthenticateKey implements Stage {
    private final GatewayContext context;
    private final KeyAuthenticator authenticator;

    AuthenticateKey(GatewayContext context) {
        this.context = context;
        this.authenticator = new KeyAuthenticator(context.clock());
    }

    @Override
    public Future<Void> apply(Exchange ex) {
        String secret = presented(ex);
        KeyEntry key = authenticator.authenticate(context.snapshot().get(), secret);
        if (key == null) {
            // Only failures are throttled: a valid key passes whatever its address did before.
            String source = ex.request.remoteAddress() == null ? null : ex.request.remoteAddress().hostAddress();
            int wait = context.keyThrottle().failed(source);
            if (wait > 0) {
                return StageFailure.of(new GatewayError(429, ErrorKind.RATE_LIMITED, "Too many requests with invalid"
                        + " keys from this address; try again later.", "rate_limit_error", "too_many_invalid_keys", null,
                        Map.of("retry-after", Integer.toString(wait)), false, false, null), "client_error");
            }
            return StageFailure.of(new GatewayError(401, ErrorKind.UPSTREAM_AUTH, secret == null
                    ? "Missing API key: send a repo AI key as " + (ex.dialect() == ClientDialect.GOOGLE
                    ? "'x-goog-api-key: <key>'." : "'Authorization: Bearer <key>'.")
                    : "Invalid API key: the key is unknown, revoked or expired.", ex.dialect() == ClientDialect.OPENAI
                    ? "invalid_request_error" : "authentication_error", "invalid_api_key", null, Map.of(), false, false,
                    null), "unauthenticated");
        }
        if (key.repo().disabled()) {
            return StageFailure.of(new GatewayError(403, ErrorKind.INVALID_REQUEST, "The repository of this key is"
                    + " disabled.", "permission_error", "repository_disabled", null, Map.of(), false, false, null),
                    "client_error");
        }
        ex.key = key;
        return DONE;
    }

    /** The key as the client's SDK sends it; Google's also as {@code x-goog-api-key} or the {@code key} parameter. */
    private static String presented(Exchange ex) {
        String secret = KeyAuthenticator.presented(ex.request.getHeader("authorization"), ex.request.getHeader("x-api-key"));
        if (secret == null && ex.dialect() == ClientDialect.GOOGLE) {
            String google = ex.request.getHeader("x-goog-api-key");
            secret = google != null ? google.trim() : ex.request.getParam("key");
        }
        return secret;
    }
}
