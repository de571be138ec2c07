package io.gatehouse.console;

import io.gatehouse.crypto.CookieSeal;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.Optional;

/**
 * The console's session cookie: sealed (the browser can neither read the tokens nor change them), {@code HttpOnly},
 * {@code SameSite=Strict}, scoped to {@code /ui}, and {@code Secure} when the console is reached over https
 * (directly or through a proxy that says so) or when {@code console.cookie.secure} is set.
 */
final class SessionCookies {
    static final String NAME = "gh_console";

    private final CookieSeal seal;
    private final boolean alwaysSecure;
    private final Clock clock;

    SessionCookies(CookieSeal seal, boolean alwaysSecure, Clock clock) {
        this.seal = seal;
        this.alwaysSecure = alwaysSecure;
        this.clock = clock;
    }

    Optional<ConsoleSession> read(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(NAME);
        return cookie == null ? Optional.empty() : seal.open(cookie.getValue()).flatMap(ConsoleSession::fromJson);
    }

    /** Loads the cipher, the JSON binding and the cookie encoder before the first request needs them. */
    void warmUp() {
        seal.open(seal(ConsoleSession.anonymous())).flatMap(ConsoleSession::fromJson);
        Cookie.cookie(NAME, "").setSameSite(CookieSameSite.STRICT).encode();
    }

    /** The cookie's value (sealing is done off the event loop, as the first use of the cipher is slow). */
    String seal(ConsoleSession session) {
        return seal.seal(session.toJson());
    }

    /** Sets the cookie holding a value from {@link #seal}, lasting as long as the session. */
    void write(RoutingContext ctx, String sealed, long endsAt) {
        Cookie cookie = Cookie.cookie(NAME, sealed)
                .setPath("/ui")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(secure(ctx));
        if (endsAt > 0) {
            cookie.setMaxAge(Math.max(0, endsAt - clock.instant().getEpochSecond()));
        }
        ctx.response().addCookie(cookie);
    }

    private boolean secure(RoutingContext ctx) {
        return alwaysSecure || ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    }
}
