package io.gatehouse.console;

import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.Json;
import io.gatehouse.platform.user.SessionService;
import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Registers console pages and actions. A page (GET) needs a signed-in session; an action (POST) also needs the
 * session's CSRF token, from the form ({@code _csrf}) or the {@code X-CSRF-Token} header htmx sends. Everything —
 * opening the cookie, the checks, the handler, rendering, sealing the next cookie — runs on a virtual thread; the
 * event loop only writes the answer. The access token is renewed in-process shortly before it expires, so the
 * API never sees an expired console token (its failed-token throttle would count those against this node's
 * loopback address).
 */
final class ConsoleRoutes {
    private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);
    static final String LOGIN = "/ui/login";
    /** Scripts, styles and fetches only from this origin; no inline code; never framed. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    private static final long RENEW_BEFORE_SECONDS = 120;

    private final Router router;
    private final SessionCookies cookies;
    private final SessionService sessions;
    private final PlatformClient platform;
    private final Views views;
    private final Executor executor;
    private final Clock clock;
    private final Renewals renewals;

    ConsoleRoutes(Router router, SessionCookies cookies, SessionService sessions, PlatformClient platform, Views views,
                  Executor executor, Clock clock) {
        this.router = router;
        this.cookies = cookies;
        this.sessions = sessions;
        this.platform = platform;
        this.views = views;
        this.executor = executor;
        this.clock = clock;
        this.renewals = new Renewals(clock);
    }

    /** What to answer: a reply, and the session to store in the cookie when it changed (null: leave it). */
    record Outcome(ConsoleSession session, ConsoleReply reply, Map<String, String> headers) {
        Outcome(ConsoleSession session, ConsoleReply reply) {
            this(session, reply, Map.of());
        }
    }

    interface Work {
        Outcome run();
    }

    void page(String path, ConsoleHandler handler) {
        router.get(path).handler(ctx -> run(ctx, () -> signedIn(ctx, false, handler)));
    }

    void action(String path, ConsoleHandler handler) {
        router.post(path).handler(ctx -> run(ctx, () -> signedIn(ctx, true, handler)));
    }

    /** A route that needs no session (sign-in, the not-found page). */
    void open(HttpMethod method, String path, Function<RoutingContext, Outcome> work) {
        router.route(method, path).handler(ctx -> run(ctx, () -> work.apply(ctx)));
    }

    /** Whatever else is asked under a path (the console's not-found page). */
    void fallback(String path, Function<RoutingContext, Outcome> work) {
        router.route(path).handler(ctx -> run(ctx, () -> work.apply(ctx)));
    }

    private Outcome signedIn(RoutingContext ctx, boolean change, ConsoleHandler handler) {
        ConsoleSession session = sessionOf(ctx);
        Instant now = clock.instant();
        if (!session.signedIn(now)) {
            return toLogin(ctx, session.accessToken() != null);
        }
        if (change && !csrfMatches(ctx, session)) {
            return new Outcome(null, problem(403, "This form has expired or did not come from this console. Reload the page and try again."));
        }
        ConsoleSession current = renewIfDue(ctx, session, now);
        if (current == null) {
            return toLogin(ctx, true);
        }
        ConsoleReply reply = handler.handle(new ConsoleCall(ctx, current, platform.as(current.accessToken()), views));
        if (reply.sessionChange() != null) {
            current = reply.sessionChange().apply(current);
        }
        if (reply.flash() != null) {
            current = current.withFlash(reply.flash());
        } else if (current.flash() != null && reply.status() == 200 && ConsoleReply.HTML.equals(reply.contentType())
                && !"true".equals(ctx.request().getHeader("HX-Request"))) {
            current = current.withFlash(null);
        }
        return new Outcome(current == session ? null : current, reply);
    }

    /** The session of this browser: the cookie's, or a new anonymous one (its CSRF token guards the sign-in form). */
    ConsoleSession sessionOf(RoutingContext ctx) {
        return cookies.read(ctx).orElseGet(ConsoleSession::anonymous);
    }

    boolean csrfMatches(RoutingContext ctx, ConsoleSession session) {
        String sent = ctx.request().getHeader("X-CSRF-Token");
        if (sent == null) {
            sent = ctx.request().formAttributes().get("_csrf");
        }
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), session.csrf().getBytes(StandardCharsets.UTF_8));
    }

    ConsoleReply problem(int status, String message) {
        return ConsoleReply.html(status, views.render("problem", Map.of("status", status, "message", message)));
    }

    /** Runs work on a virtual thread and answers on the event loop. */
    void run(RoutingContext ctx, Work work) {
        Context context = ctx.vertx().getOrCreateContext();
        try {
            executor.execute(() -> {
                Outcome outcome;
                try {
                    outcome = work.run();
                } catch (PlatformClient.SignedOut e) {
                    outcome = toLogin(ctx, true);
                } catch (ConsoleFailure e) {
                    outcome = new Outcome(null, problem(e.status(), e.getMessage()));
                } catch (RuntimeException e) {
                    String reference = UUID.randomUUID().toString().substring(0, 8);
                    log.error("Console failure on {} {} (reference {})", ctx.request().method(), ctx.request().path(), reference, e);
                    outcome = new Outcome(null, problem(500, "Something went wrong (reference " + reference + ")."));
                }
                String sealed = outcome.session() == null ? null : cookies.seal(outcome.session());
                Outcome done = outcome;
                context.runOnContext(v -> send(ctx, sealed, done));
            });
        } catch (RejectedExecutionException e) {
            ctx.response().setStatusCode(503).end("Shutting down");
        }
    }

    private ConsoleSession renewIfDue(RoutingContext ctx, ConsoleSession session, Instant now) {
        if (session.accessExpiresAt() - now.getEpochSecond() > RENEW_BEFORE_SECONDS) {
            return session;
        }
        try {
            SessionService.Session renewed = renewals.renew(session.refreshToken(),
                    () -> sessions.refresh(session.refreshToken(), source(ctx)));
            return ConsoleSession.of(renewed, session.csrf(), session.endsAt());
        } catch (ApiException e) {
            return null;
        }
    }

    static String source(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }

    /** Not signed in: pages go to the sign-in form, htmx requests are told to go there; a stale cookie is replaced. */
    Outcome toLogin(RoutingContext ctx, boolean clearCookie) {
        ConsoleSession replacement = clearCookie ? ConsoleSession.anonymous() : null;
        String next = ctx.request().method() == HttpMethod.GET ? ctx.request().path() : null;
        String location = LOGIN + (next == null || next.equals("/ui/") ? "" : "?next=" + PlatformClient.enc(next));
        if ("true".equals(ctx.request().getHeader("HX-Request"))) {
            return new Outcome(replacement, ConsoleReply.html(401, ""), Map.of("HX-Redirect", location));
        }
        return new Outcome(replacement, ConsoleReply.redirect(location));
    }

    private void send(RoutingContext ctx, String sealedCookie, Outcome outcome) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (sealedCookie != null) {
            cookies.write(ctx, sealedCookie, outcome.session().endsAt());
        }
        secureHeaders(response);
        outcome.headers().forEach(response::putHeader);
        ConsoleReply reply = outcome.reply();
        response.setStatusCode(reply.status());
        if (reply.location() != null) {
            response.putHeader("Location", reply.location());
        }
        if (reply.contentType() != null) {
            response.putHeader("Content-Type", reply.contentType());
        }
        response.end(reply.body());
    }

    static void secureHeaders(HttpServerResponse response) {
        response.putHeader("Cache-Control", "no-store")
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "same-origin");
    }

    /** A handler that answers with a stream of events ({@code data: {json}}) as they happen. */
    @FunctionalInterface
    interface StreamHandler {
        void handle(ConsoleCall call, EventSink sink);
    }

    /**
     * A POST whose answer streams (the "try it" relay): the same session and CSRF checks as an action, then events
     * written as the handler produces them. Failures become a last {@code outcome} event.
     */
    void stream(String path, StreamHandler handler) {
        router.post(path).handler(ctx -> {
            Context context = ctx.vertx().getOrCreateContext();
            EventSink sink = new EventSink(ctx, context);
            try {
                executor.execute(() -> {
                    try {
                        ConsoleSession session = sessionOf(ctx);
                        Instant now = clock.instant();
                        if (!session.signedIn(now)) {
                            throw new PlatformClient.SignedOut();
                        }
                        if (!csrfMatches(ctx, session)) {
                            throw new ConsoleFailure(403, "This form has expired; reload the page.");
                        }
                        ConsoleSession current = renewIfDue(ctx, session, now);
                        if (current == null) {
                            throw new PlatformClient.SignedOut();
                        }
                        sink.renewed(current == session ? null : cookies.seal(current), current.endsAt());
                        handler.handle(new ConsoleCall(ctx, current, platform.as(current.accessToken()), views), sink);
                    } catch (PlatformClient.SignedOut e) {
                        sink.outcome(false, 401, "Your console session ended; sign in again.");
                    } catch (ConsoleFailure e) {
                        sink.outcome(false, e.status(), e.getMessage());
                    } catch (RuntimeException e) {
                        log.error("Console stream failure on {}", ctx.request().path(), e);
                        sink.outcome(false, 500, "Something went wrong.");
                    } finally {
                        sink.end();
                    }
                });
            } catch (RejectedExecutionException e) {
                ctx.response().setStatusCode(503).end("Shutting down");
            }
        });
    }

    /** Writes events to the browser from the handler's thread, on the event loop; knows when the browser left. */
    final class EventSink {
        private final RoutingContext ctx;
        private final Context context;
        private volatile boolean gone;
        private String renewedCookie;
        private long endsAt;
        private boolean started;

        EventSink(RoutingContext ctx, Context context) {
            this.ctx = ctx;
            this.context = context;
            ctx.response().closeHandler(v -> gone = true);
        }

        void renewed(String sealedCookie, long endsAt) {
            this.renewedCookie = sealedCookie;
            this.endsAt = endsAt;
        }

        boolean open() {
            return !gone;
        }

        void event(Object payload) {
            String line = "data: " + Json.write(payload) + "\n\n";
            boolean first = !started;
            started = true;
            String cookie = renewedCookie;
            context.runOnContext(v -> {
                HttpServerResponse response = ctx.response();
                if (response.ended() || response.closed()) {
                    return;
                }
                if (first) {
                    if (cookie != null) {
                        cookies.write(ctx, cookie, endsAt);
                    }
                    secureHeaders(response);
                    response.setChunked(true).setStatusCode(200)
                            .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                            .putHeader("X-Accel-Buffering", "no");
                }
                response.write(line);
            });
        }

        void outcome(boolean ok, int status, String text) {
            event(Map.of("type", "outcome", "ok", ok, "status", status, "text", text));
        }

        void end() {
            if (!started) {
                outcome(false, 500, "No answer.");
            }
            context.runOnContext(v -> {
                if (!ctx.response().ended() && !ctx.response().closed()) {
                    ctx.response().end();
                }
            });
        }
    }
}
