package io.gatehouse.platform.user;

import io.gatehouse.store.Columns;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.guard.FailureThrottle;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.Principal;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Long-lived management tokens ({@code ghm_…}): looked up by hash, acting for the user who created them. */
final class ManagementTokens {
    /** Last-use stamps are written at most this often per token, to keep reads from turning into writes. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private ManagementTokens() {
    }

    static Principal authenticate(Jdbi jdbi, Clock clock, FailureThrottle throttle, String token, String source) {
        SessionService.refuseIfThrottled(throttle, source, "Too many invalid tokens from your address; try again later");
        Instant now = Instant.now(clock);
        return jdbi.withHandle(h -> {
            var row = h.createQuery("""
                            SELECT t.id, t.user_id, t.expires_at, t.last_used_at FROM management_token t
                            WHERE t.token_hash = :hash AND t.revoked_at IS NULL""")
                    .bind("hash", Tokens.hash(token))
                    .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getString(2),
                            Columns.instant(rs, 3), Columns.instant(rs, 4)})
                    .findOne()
                    .filter(r -> r[2] == null || ((Instant) r[2]).isAfter(now));
            if (row.isEmpty()) {
                throttle.recordFailure(source);
                throw ApiException.unauthorized("Invalid, revoked or expired token");
            }
            String tokenId = (String) row.get()[0];
            User user = Users.byId(h, (String) row.get()[1])
                    .orElseThrow(() -> ApiException.unauthorized("Invalid, revoked or expired token"));
            Instant lastUsed = (Instant) row.get()[3];
            if (lastUsed == null || lastUsed.plus(LAST_USED_RESOLUTION).isBefore(now)) {
                h.createUpdate("UPDATE management_token SET last_used_at = :now WHERE id = :id")
                        .bind("now", now).bind("id", tokenId).execute();
            }
            return SessionService.principalOf(user, tokenId);
        });
    }
}
