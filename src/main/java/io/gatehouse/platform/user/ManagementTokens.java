package io.gatehouse.platform.user;

import io.gatehouse.store.Columns;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.guard.FailureThrottle;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.Principal;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Long-lived management tokens ({@code ghm_…}): looked up by hash, acting for the user who created them. A token
 * created with another management token is that token's child: it never outlives its parent and is revoked with it.
 */
final class ManagementTokens {
    /** Last-use stamps are written at most this often per token, to keep reads from turning into writes. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private ManagementTokens() {
    }

    static Principal authenticate(Jdbi jdbi, Clock clock, FailureThrottle throttle, String token, String source) {
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
                throw SessionService.failure(throttle, source, "Invalid, revoked or expired token",
                        SessionService.TOO_MANY_INVALID_TOKENS);
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

    /** A parent token's expiry; {@code at} is null when it has none. */
    private record Expiry(Instant at) {
    }

    /**
     * The expiry of a token created with the management token {@code parentId}: the {@code requested} one, which may
     * not be later than the parent's (403), or the parent's when none was asked for. Locks the parent's row, so a
     * revocation of the parent running at the same time either sees the new child (and revokes it too) or makes
     * this creation fail (401, as for any revoked token).
     */
    static Instant childExpiry(Handle h, String parentId, Instant requested) {
        // The lock is an update of the parent's row (no SELECT … FOR UPDATE: SQLite has none; there the IMMEDIATE
        // transaction holds the whole store anyway).
        int live = h.createUpdate("UPDATE management_token SET revoked_at = revoked_at WHERE id = :id AND revoked_at IS NULL")
                .bind("id", parentId)
                .execute();
        if (live == 0) {
            throw ApiException.unauthorized("Invalid, revoked or expired token");
        }
        Instant parent = h.createQuery("SELECT expires_at FROM management_token WHERE id = :id")
                .bind("id", parentId)
                .map((rs, ctx) -> new Expiry(Columns.instant(rs, 1)))
                .findOne()
                .orElseThrow()
                .at();
        if (parent == null) {
            return requested;
        }
        if (requested == null) {
            return parent;
        }
        if (requested.isAfter(parent)) {
            throw ApiException.forbidden("expiresAt must not be later than " + parent + ", when the management token"
                    + " used for this call expires: a token may not outlive the token that created it");
        }
        return requested;
    }

    /**
     * Revokes the user's live token {@code tokenId} and, generation by generation, every token created with it.
     *
     * @return how many tokens created with it were revoked along, or -1 when the user has no such live token
     */
    static int revokeWithChildren(Handle h, String userId, String tokenId, Instant now) {
        int revoked = h.createUpdate("UPDATE management_token SET revoked_at = :now WHERE id = :id AND user_id = :userId AND revoked_at IS NULL")
                .bind("now", now).bind("id", tokenId).bind("userId", userId).execute();
        if (revoked == 0) {
            return -1;
        }
        int children = 0;
        List<String> generation = List.of(tokenId);
        while (!generation.isEmpty()) {
            generation = h.createQuery("SELECT id FROM management_token WHERE parent_id IN (<parents>) AND revoked_at IS NULL")
                    .bindList("parents", generation).mapTo(String.class).list();
            if (!generation.isEmpty()) {
                children += h.createUpdate("UPDATE management_token SET revoked_at = :now WHERE id IN (<ids>)")
                        .bind("now", now).bindList("ids", generation).execute();
            }
        }
        return children;
    }
}
