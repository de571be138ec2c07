package io.gatehouse.platform.user;

import io.gatehouse.store.Columns;
import com.fasterxml.jackson.annotation.JsonAlias;
import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Fields;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.org.Organizations;
import io.gatehouse.store.Ids;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /user}: sign-in ({@code login}, {@code refresh}, {@code logout}, optional self-service
 * {@code register}), the caller's profile and password, and its management tokens ({@code /user/tokens},
 * secret shown once).
 */
public final class UserResource implements ApiResource {
    private final Jdbi jdbi;
    private final SessionService sessions;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean registrationOpen;

    public UserResource(Jdbi jdbi, SessionService sessions, AuditLog audit, Clock clock, boolean registrationOpen) {
        this.jdbi = jdbi;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.registrationOpen = registrationOpen;
    }

    record LoginBody(String email, String password) {
    }

    record RefreshBody(@JsonAlias("refreshToken") String refresh_token) {
    }

    record RegisterBody(String email, String password, @JsonAlias("name") String firstName, String lastName,
                        String companyName) {
    }

    record UpdateSelfBody(String name, String lastName, String password, String currentPassword) {
    }

    record TokenBody(String name, String expiresAt) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.publicPost("/user/login", this::login);
        routes.publicPost("/user/refresh", this::refresh);
        routes.publicPost("/user/logout", this::logout);
        routes.publicPost("/user/register", this::registerAccount);
        routes.get("/user/profile", this::profile);
        routes.put("/user/{userId}", this::updateSelf);
        routes.post("/user/tokens", this::createToken);
        routes.get("/user/tokens", this::listTokens);
        routes.delete("/user/tokens/{tokenId}", this::revokeToken);
    }

    private Reply login(ApiRequest req) {
        LoginBody body = req.body(LoginBody.class);
        String email = Fields.requireText(body.email(), "email", 320);
        if (body.password() == null || body.password().isEmpty()) {
            throw ApiException.badRequest("password is required");
        }
        return sessionReply(sessions.login(email, body.password(), req.sourceAddress()));
    }

    private Reply refresh(ApiRequest req) {
        String token = Fields.requireText(req.body(RefreshBody.class).refresh_token(), "refresh_token", 200);
        return sessionReply(sessions.refresh(token, req.sourceAddress()));
    }

    private Reply logout(ApiRequest req) {
        String token = Fields.requireText(req.body(RefreshBody.class).refresh_token(), "refresh_token", 200);
        sessions.logout(token);
        return Reply.ok("message", "Signed out");
    }

    /** Self-service sign-up founds a new organization; off unless {@code auth.registration.enabled} is set. */
    private Reply registerAccount(ApiRequest req) {
        if (!registrationOpen) {
            throw ApiException.forbidden("Registration is disabled on this installation; ask an administrator for an account");
        }
        RegisterBody body = req.body(RegisterBody.class);
        String email = Fields.requireEmail(body.email(), "email");
        String password = Fields.requirePassword(body.password(), "password");
        String firstName = Fields.requireName(body.firstName(), "firstName", 200);
        String lastName = body.lastName() == null ? "" : Fields.optionalName(body.lastName(), "lastName", 200);
        String company = Fields.requireName(body.companyName(), "companyName", 200);
        jdbi.useTransaction(h -> {
            if (Users.emailTaken(h, email)) {
                throw ApiException.conflict("An account with this e-mail already exists");
            }
            Organizations.found(h, audit, company, email, password, firstName, lastName, Instant.now(clock));
        });
        return sessionReply(sessions.login(email, password, req.sourceAddress()));
    }

    private Reply profile(ApiRequest req) {
        Principal caller = req.principal();
        User user = jdbi.withHandle(h -> Users.byId(h, caller.userId())).orElseThrow(() -> ApiException.notFound("User"));
        return Reply.ok("data", UserView.of(user));
    }

    private Reply updateSelf(ApiRequest req) {
        Principal caller = req.principal();
        String userId = req.pathParam("userId");
        if (!caller.userId().equals(userId)) {
            throw ApiException.notFound("User");
        }
        UpdateSelfBody body = req.body(UpdateSelfBody.class);
        String name = Fields.optionalName(body.name(), "name", 200);
        String lastName = Fields.blankableName(body.lastName(), "lastName", 200);
        String newHash;
        if (body.password() != null) {
            Fields.requirePassword(body.password(), "password");
            String current = jdbi.withHandle(h -> Users.byId(h, userId)).map(User::passwordHash).orElse(null);
            if (!PasswordHasher.verify(body.currentPassword(), current)) {
                throw ApiException.forbidden("currentPassword is missing or wrong");
            }
            newHash = PasswordHasher.hash(body.password());
        } else {
            newHash = null;
        }
        Instant now = Instant.now(clock);
        User updated = jdbi.inTransaction(h -> {
            Map<String, Object> changed = new LinkedHashMap<>();
            if (name != null) {
                h.createUpdate("UPDATE app_user SET name = :v WHERE id = :id").bind("v", name).bind("id", userId).execute();
                changed.put("name", name);
            }
            if (lastName != null) {
                h.createUpdate("UPDATE app_user SET last_name = :v WHERE id = :id").bind("v", lastName).bind("id", userId).execute();
                changed.put("lastName", lastName);
            }
            if (newHash != null) {
                h.createUpdate("UPDATE app_user SET password_hash = :v WHERE id = :id").bind("v", newHash).bind("id", userId).execute();
                SessionService.revokeOtherSessions(h, userId, null, now);
                changed.put("changed", "password");
            }
            if (!changed.isEmpty()) {
                audit.record(h, AuditLog.by(caller, null, AuditContext.USER, userId, AuditAction.UPDATED, changed));
            }
            return Users.byId(h, userId).orElseThrow(() -> ApiException.notFound("User"));
        });
        return Reply.ok("data", UserView.of(updated)).put("message",
                newHash != null ? "Password changed; sign in again on every device" : "Profile updated");
    }

    private Reply createToken(ApiRequest req) {
        Principal caller = req.principal();
        TokenBody body = req.body(TokenBody.class);
        String name = Fields.requireName(body.name(), "name", 200);
        Instant expiresAt = Fields.optionalInstant(body.expiresAt(), "expiresAt");
        Instant now = Instant.now(clock);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiException.invalid("expiresAt must be in the future");
        }
        String id = Ids.newId();
        String secret = Tokens.newSecret(Tokens.MANAGEMENT_TOKEN_PREFIX);
        String parentId = caller.managementTokenId();
        Instant expires = jdbi.inTransaction(h -> {
            Instant childExpiry = parentId == null ? expiresAt : ManagementTokens.childExpiry(h, parentId, expiresAt);
            h.createUpdate("""
                            INSERT INTO management_token (id, user_id, name, token_hash, token_hint, created_at, expires_at, parent_id)
                            VALUES (:id, :userId, :name, :hash, :hint, :now, :expiresAt, :parentId)""")
                    .bind("id", id).bind("userId", caller.userId()).bind("name", name)
                    .bind("hash", Tokens.hash(secret)).bind("hint", Tokens.mask(secret))
                    .bind("now", now).bind("expiresAt", childExpiry).bind("parentId", parentId).execute();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", name);
            if (parentId != null) {
                details.put("parentId", parentId);
            }
            audit.record(h, AuditLog.by(caller, null, AuditContext.TOKEN, id, AuditAction.CREATED, details));
            return childExpiry;
        });
        return Reply.ok("id", id).put("name", name).put("token", secret).put("hint", Tokens.mask(secret))
                .put("createdAt", now).put("expiresAt", expires).put("parentId", parentId)
                .put("message", "Store this token now: it is shown only once");
    }

    private Reply listTokens(ApiRequest req) {
        Principal caller = req.principal();
        Page page = req.page();
        return jdbi.withHandle(h -> {
            List<Map<String, Object>> tokens = h.createQuery("""
                            SELECT id, name, token_hint, created_at, expires_at, last_used_at, parent_id FROM management_token
                            WHERE user_id = :userId AND revoked_at IS NULL
                            ORDER BY created_at DESC, id LIMIT :take OFFSET :skip""")
                    .bind("userId", caller.userId()).bind("take", page.take()).bind("skip", page.skip())
                    .map((rs, ctx) -> {
                        Map<String, Object> t = new LinkedHashMap<>();
                        t.put("id", rs.getString("id"));
                        t.put("name", rs.getString("name"));
                        t.put("hint", rs.getString("token_hint"));
                        t.put("createdAt", Columns.instant(rs, "created_at"));
                        t.put("expiresAt", Columns.instant(rs, "expires_at"));
                        t.put("lastUsedAt", Columns.instant(rs, "last_used_at"));
                        t.put("parentId", rs.getString("parent_id"));
                        return t;
                    })
                    .list();
            long total = h.createQuery("SELECT COUNT(*) FROM management_token WHERE user_id = :userId AND revoked_at IS NULL")
                    .bind("userId", caller.userId()).mapTo(Long.class).one();
            return Reply.page("tokens", tokens, total, page);
        });
    }

    private Reply revokeToken(ApiRequest req) {
        Principal caller = req.principal();
        String tokenId = req.pathId("tokenId", "Token");
        int children = jdbi.inTransaction(h -> {
            int alsoRevoked = ManagementTokens.revokeWithChildren(h, caller.userId(), tokenId, Instant.now(clock));
            if (alsoRevoked < 0) {
                throw ApiException.notFound("Token");
            }
            audit.record(h, AuditLog.by(caller, null, AuditContext.TOKEN, tokenId, AuditAction.DELETED,
                    alsoRevoked == 0 ? Map.of() : Map.of("alsoRevoked", alsoRevoked)));
            return alsoRevoked;
        });
        return Reply.ok("message", children == 0 ? "Token revoked"
                : "Token revoked, with the " + children + " token" + (children == 1 ? "" : "s") + " created with it");
    }

    private static Reply sessionReply(SessionService.Session s) {
        User u = s.user();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", u.id());
        user.put("email", u.email());
        user.put("name", u.name());
        user.put("lastName", u.lastName());
        user.put("orgId", u.orgId());
        user.put("orgRole", u.orgRole());
        return Reply.ok("accessToken", s.accessToken())
                .put("token", s.accessToken())
                .put("refreshToken", s.refreshToken())
                .put("tokenId", s.sessionId())
                .put("expiresAt", s.expiresAt().toEpochMilli())
                .put("user", user);
    }

}
