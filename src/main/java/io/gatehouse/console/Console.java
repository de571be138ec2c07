package io.gatehouse.console;

import io.gatehouse.crypto.CookieSeal;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.user.SessionService;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The web console, mounted on the admin router under {@code /ui/}: sign-in and sign-out here, the pages in
 * their own classes (one per area), static files in {@link Assets}.
 */
public final class Console implements Consumer<Router> {
    private final SessionService sessions;
    private final SessionCookies cookies;
    private final PlatformClient platform;
    private final Supplier<String> gatewayBase;
    private final Executor executor;
    private final Clock clock;
    private final Duration sessionLength;
    private final Views views = new Views();
    private final Assets assets = new Assets();

    /**
     * @param adminBase   this node's admin listener as seen from itself ({@code http://127.0.0.1:8081})
     * @param gatewayBase this node's gateway listener as seen from itself, for "try it"
     */
    public Console(SessionService sessions, byte[] cookieKey, boolean secureCookies, Duration sessionLength,
                   Supplier<String> adminBase, Supplier<String> gatewayBase, Executor executor, Clock clock) {
        this.sessions = sessions;
        this.cookies = new SessionCookies(new CookieSeal(cookieKey, SessionCookies.NAME), secureCookies, clock);
        this.platform = new PlatformClient(adminBase);
        this.gatewayBase = gatewayBase;
        this.executor = executor;
        this.clock = clock;
        this.sessionLength = sessionLength;
        warmUp();
    }

    /** Loads the cipher, the templates and the cookie encoder now, not on the first request's event loop. */
    private void warmUp() {
        cookies.warmUp();
        views.render("problem", Map.of("status", 404, "message", ""));
    }

    @Override
    public void accept(Router router) {
        assets.mount(router);
        ConsoleRoutes routes = new ConsoleRoutes(router, cookies, sessions, platform, views, executor, clock);
        routes.open(HttpMethod.GET, ConsoleRoutes.LOGIN, ctx -> loginForm(ctx, routes));
        routes.open(HttpMethod.POST, ConsoleRoutes.LOGIN, ctx -> login(ctx, routes));
        routes.action("/ui/logout", this::logout);
        router.getWithRegex("^/ui$").handler(ctx -> ctx.response().setStatusCode(301).putHeader("Location", "/ui/").end());
        routes.page("/ui/", call -> ConsoleReply.redirect(home(call)));
        new OverviewPages().register(routes);
        new ConfigurationPages().register(routes);
        new RepoPages().register(routes);
        new TryIt(gatewayBase).register(routes);
        new ChatPages().register(routes);
        new UsagePages().register(routes);
        new RequestLogPages().register(routes);
        new PolicyPages().register(routes);
        new WebhookPages().register(routes);
        new AuditPages().register(routes);
        new WorkspacePages().register(routes);
        routes.fallback("/ui/*", ctx -> new ConsoleRoutes.Outcome(null, routes.problem(404, "There is no such page.")));
    }

    private static String home(ConsoleCall call) {
        var workspaces = call.workspaces();
        return workspaces.stream().filter(Frame.WorkspaceChoice::isDefault).findFirst()
                .or(() -> workspaces.stream().findFirst())
                .map(w -> "/ui/w/" + w.id())
                .orElseThrow(() -> new ConsoleFailure(404, "You are not a member of any workspace yet; ask an administrator to add you."));
    }

    private ConsoleRoutes.Outcome loginForm(RoutingContext ctx, ConsoleRoutes routes) {
        ConsoleSession session = routes.sessionOf(ctx);
        if (session.signedIn(clock.instant())) {
            return new ConsoleRoutes.Outcome(null, ConsoleReply.redirect("/ui/"));
        }
        // Always (re)write the anonymous session so the form's CSRF token matches the cookie.
        ConsoleSession anonymous = session.accessToken() == null ? session : ConsoleSession.anonymous();
        return new ConsoleRoutes.Outcome(anonymous, ConsoleReply.html(views.render("login", Map.of(
                "csrf", anonymous.csrf(), "next", safeNext(ctx.queryParams().get("next")), "error", ""))));
    }

    private ConsoleRoutes.Outcome login(RoutingContext ctx, ConsoleRoutes routes) {
        ConsoleSession session = routes.sessionOf(ctx);
        String next = safeNext(ctx.request().formAttributes().get("next"));
        if (!routes.csrfMatches(ctx, session)) {
            ConsoleSession fresh = ConsoleSession.anonymous();
            return new ConsoleRoutes.Outcome(fresh, ConsoleReply.html(403, views.render("login", Map.of("csrf", fresh.csrf(),
                    "next", next, "error", "The sign-in form expired. Please try again."))));
        }
        String email = ctx.request().formAttributes().get("email");
        String password = ctx.request().formAttributes().get("password");
        try {
            if (email == null || email.isBlank() || password == null || password.isEmpty()) {
                throw ApiException.badRequest("Enter your e-mail and password.");
            }
            SessionService.Session signedIn = sessions.login(email.trim(), password, ConsoleRoutes.source(ctx));
            ConsoleSession fresh = ConsoleSession.of(signedIn, ConsoleSession.newCsrf(),
                    clock.instant().plus(sessionLength).getEpochSecond());
            return new ConsoleRoutes.Outcome(fresh, ConsoleReply.redirect(next.isEmpty() ? "/ui/" : next));
        } catch (ApiException e) {
            // The e-mail survives a failed attempt (only the password is typed again); it is escaped like any value.
            return new ConsoleRoutes.Outcome(null, ConsoleReply.html(e.status(), views.render("login",
                    Map.of("csrf", session.csrf(), "next", next, "error", e.getMessage(), "email", email == null ? "" : email.trim()))));
        }
    }

    private ConsoleReply logout(ConsoleCall call) {
        sessions.logout(call.session().refreshToken());
        throw new PlatformClient.SignedOut();
    }

    /** Only a path inside the console, never another site ({@code //evil.example}). */
    private static String safeNext(String next) {
        return next != null && next.startsWith("/ui/") && !next.startsWith("//") && !next.contains("\\") ? next : "";
    }
}
