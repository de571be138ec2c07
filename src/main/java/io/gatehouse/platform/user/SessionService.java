package io.gatehouse.platform.user;

import io.gatehouse.store.Columns;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.guard.FailureThrottle;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.Authenticator;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.store.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in and the tokens that follow it. Login issues a short-lived signed access token (HS256, key shared by
 * every node through the store) and a refresh token kept only as a hash; each refresh rotates it, and
 * presenting a refresh token that was already rotated revokes the whole session (it was stolen). Management
 * tokens are long-lived bearer secrets acting for their creator. Repeated failures from one source are
 * answered with 429 instead of 401; valid credentials from that source still pass.
 */
public final class SessionService implements Authenticator {
    private static final String ISSUER = "gatehouse";
    static final String TOO_MANY_INVALID_TOKENS = "Too many invalid tokens from your address; try again later";

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final Clock clock;
    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final FailureThrottle loginThrottle;
    private final FailureThrottle tokenThrottle;

    /** What a successful login or refresh hands back. */
    public record Session(String accessToken, String refreshToken, String sessionId, Instant expiresAt, User user) {
        @Override
        public String toString() {
            return "Session{" + sessionId + "}";
        }
    }

    public SessionService(Jdbi jdbi, AuditLog audit, Clock clock, byte[] signingKey, Duration accessTtl, Duration refreshTtl,
                          FailureThrottle loginThrottle, FailureThrottle tokenThrottle) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
        this.algorithm = Algorithm.HMAC256(signingKey);
        this.verifier = JWT.require(algorithm).withIssuer(ISSUER).withClaim("type", "access")
                .acceptLeeway(5).build();
        this.accessTtl = accessTtl;
        this.refreshTtl = refreshTtl;
        this.loginThrottle = loginThrottle;
        this.tokenThrottle = tokenThrottle;
    }

    public Session login(String email, String password, String source) {
        Optional<User> found = jdbi.withHandle(h -> Users.byEmail(h, email));
        boolean ok = found.isPresent()
                ? PasswordHasher.verify(password, found.get().passwordHash())
                : verifyDecoy(password);
        if (!ok) {
            throw failure(loginThrottle, source, "Invalid email or password",
                    "Too many failed sign-ins from your address; try again later");
        }
        User user = found.get();
        return jdbi.inTransaction(h -> {
            Session session = openSession(h, user);
            audit.record(h, new AuditLog.Entry(user.orgId(), null, user.id(), AuditContext.SESSION, session.sessionId(),
                    AuditAction.LOGIN, Map.of("email", user.email(), "source", source)));
            return session;
        });
    }

    private static boolean verifyDecoy(String password) {
        PasswordHasher.verifyDecoy(password);
        return false;
    }

    /** Exchanges a refresh token for a new pair; the old refresh token stops working. */
    public Session refresh(String refreshToken, String source) {
        Instant now = Instant.now(clock);
        String hash = Tokens.hash(refreshToken);
        Session session = jdbi.inTransaction(h -> {
            var row = h.createQuery("SELECT id, user_id, expires_at, revoked_at FROM user_session WHERE token_hash = :hash")
                    .bind("hash", hash)
                    .map((rs, ctx) -> new Object[] {rs.getString("id"), rs.getString("user_id"),
                            Columns.instant(rs, "expires_at"),
                            Columns.instant(rs, "revoked_at")})
                    .findOne();
            if (row.isEmpty()) {
                return null;
            }
            String userId = (String) row.get()[1];
            if (row.get()[3] != null) {
                // A rotated token came back: someone kept a copy. End every session of this user (and commit that).
                h.createUpdate("UPDATE user_session SET revoked_at = :now WHERE user_id = :userId AND revoked_at IS NULL")
                        .bind("now", now).bind("userId", userId).execute();
                return null;
            }
            if (((Instant) row.get()[2]).isBefore(now)) {
                return null;
            }
            Optional<User> user = Users.byId(h, userId);
            if (user.isEmpty()) {
                return null;
            }
            h.createUpdate("UPDATE user_session SET revoked_at = :now WHERE id = :id")
                    .bind("now", now).bind("id", row.get()[0]).execute();
            return openSession(h, user.get());
        });
        if (session == null) {
            throw failure(tokenThrottle, source, "Invalid or expired refresh token", TOO_MANY_INVALID_TOKENS);
        }
        return session;
    }

    /** Ends the session of a refresh token; unknown tokens are ignored (logging out twice is fine). */
    public void logout(String refreshToken) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE user_session SET revoked_at = :now WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("now", Instant.now(clock)).bind("hash", Tokens.hash(refreshToken)).execute());
    }

    /** Ends every session of a user (after a password change), except the one given. */
    public static void revokeOtherSessions(Handle h, String userId, String keepSessionId, Instant now) {
        h.createUpdate("UPDATE user_session SET revoked_at = :now WHERE user_id = :userId AND revoked_at IS NULL"
                        + (keepSessionId == null ? "" : " AND id <> :keep"))
                .bind("now", now).bind("userId", userId).bind("keep", keepSessionId).execute();
    }

    private Session openSession(Handle h, User user) {
        Instant now = Instant.now(clock);
        String sessionId = Ids.newId();
        String refresh = Tokens.newSecret(Tokens.REFRESH_TOKEN_PREFIX);
        h.createUpdate("INSERT INTO user_session (id, user_id, token_hash, created_at, expires_at) VALUES (:id, :userId, :hash, :now, :expires)")
                .bind("id", sessionId).bind("userId", user.id()).bind("hash", Tokens.hash(refresh))
                .bind("now", now).bind("expires", now.plus(refreshTtl)).execute();
        Instant expiresAt = now.plus(accessTtl);
        String access = JWT.create()
                .withIssuer(ISSUER)
                .withSubject(user.id())
                .withClaim("userId", user.id())
                .withClaim("email", user.email())
                .withClaim("orgId", user.orgId())
                .withClaim("sid", sessionId)
                .withClaim("type", "access")
                .withIssuedAt(Date.from(now))
                .withExpiresAt(Date.from(expiresAt))
                .sign(algorithm);
        return new Session(access, refresh, sessionId, expiresAt, user);
    }

    @Override
    public Principal authenticate(String authorization, String source) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
            throw ApiException.unauthorized("Authentication required: send Authorization: Bearer <token>");
        }
        String token = authorization.substring(7).trim();
        if (token.startsWith(Tokens.MANAGEMENT_TOKEN_PREFIX)) {
            return ManagementTokens.authenticate(jdbi, clock, tokenThrottle, token, source);
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (JWTVerificationException e) {
            throw failure(tokenThrottle, source, "Invalid or expired token", TOO_MANY_INVALID_TOKENS);
        }
        String userId = jwt.getSubject();
        String sessionId = jwt.getClaim("sid").asString();
        return jdbi.withHandle(h -> {
            boolean live = h.createQuery("SELECT COUNT(*) FROM user_session WHERE id = :sid AND user_id = :userId AND revoked_at IS NULL")
                    .bind("sid", sessionId).bind("userId", userId).mapTo(Long.class).one() > 0;
            if (!live) {
                throw ApiException.unauthorized("Invalid or expired token");
            }
            User user = Users.byId(h, userId).orElseThrow(() -> ApiException.unauthorized("Invalid or expired token"));
            return principalOf(user, null);
        });
    }

    static Principal principalOf(User user, String managementTokenId) {
        return new Principal(user.id(), user.orgId(), user.orgRole(), user.email(), user.name(), user.lastName(), managementTokenId);
    }

    /**
     * A failed credential, counted against its source: the plain 401 while the source is within its allowance, 429
     * past it. Only failures reach here, so a valid credential passes whatever its source did before.
     */
    static ApiException failure(FailureThrottle throttle, String source, String unauthorized, String throttled) {
        int retryAfter = throttle.failed(source);
        return retryAfter > 0 ? ApiException.tooManyRequests(throttled, retryAfter) : ApiException.unauthorized(unauthorized);
    }
}
