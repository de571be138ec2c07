package io.gatehouse.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.platform.Json;
import io.gatehouse.platform.OrgRole;
import io.gatehouse.platform.user.SessionService;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * What the console's sealed cookie carries: the CSRF token of this browser session and, once signed in, the
 * Platform API tokens and who they belong to, the notice of the last action until a page shows it, and the key
 * just created on a repository page for "try it" to use without pasting it back. An anonymous session (before
 * sign-in) has only the CSRF token.
 */
public record ConsoleSession(String csrf, String accessToken, String refreshToken, long accessExpiresAt,
                             String userId, String email, String displayName, String orgId, int orgRole,
                             long endsAt, Flash flash, TryKey tryKey) {

    /** The outcome of the last action, shown once on the page it redirected to (kept here, not in the URL). */
    public record Flash(boolean ok, String message) {
    }

    /**
     * The key created last on a repository page, kept (sealed in the cookie like the API tokens) only until that
     * page is left or reloaded, so "try it" can use it; its secret is never rendered again.
     */
    public record TryKey(String repoId, String keyId, String name, String secret) {
    }

    public static ConsoleSession anonymous() {
        return new ConsoleSession(newCsrf(), null, null, 0, null, null, null, null, 0, 0, null, null);
    }

    ConsoleSession withFlash(Flash next) {
        return new ConsoleSession(csrf, accessToken, refreshToken, accessExpiresAt, userId, email, displayName, orgId,
                orgRole, endsAt, next, tryKey);
    }

    ConsoleSession withTryKey(TryKey next) {
        return new ConsoleSession(csrf, accessToken, refreshToken, accessExpiresAt, userId, email, displayName, orgId,
                orgRole, endsAt, flash, next);
    }

    /** After sign-in or refresh; a fresh CSRF token on sign-in (a pre-login token must not survive it). */
    public static ConsoleSession of(SessionService.Session s, String csrf, long endsAt) {
        var user = s.user();
        String name = ((user.name() == null ? "" : user.name()) + " " + (user.lastName() == null ? "" : user.lastName())).trim();
        return new ConsoleSession(csrf, s.accessToken(), s.refreshToken(), s.expiresAt().getEpochSecond(),
                user.id(), user.email(), name.isEmpty() ? user.email() : name, user.orgId(), user.orgRole().code(), endsAt, null,
                null);
    }

    public static String newCsrf() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Tokens.randomBytes(24));
    }

    public boolean signedIn(Instant now) {
        return accessToken != null && now.getEpochSecond() < endsAt;
    }

    public boolean managesOrganization() {
        return OrgRole.fromCode(orgRole).managesOrganization();
    }

    public boolean createsWorkspaces() {
        return OrgRole.fromCode(orgRole).createsWorkspaces();
    }

    String toJson() {
        return Json.write(this);
    }

    static Optional<ConsoleSession> fromJson(String json) {
        try {
            return Optional.of(Json.MAPPER.readValue(json, ConsoleSession.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "ConsoleSession{" + userId + "}";
    }
}
