package io.gatehouse.testing;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The web console spoken to as a browser without JavaScript would: a cookie jar, forms posted with the CSRF token
 * read from the page, redirects not followed (tests look at them). The browser tests use a real Chromium instead.
 */
public final class ConsoleClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private String csrf;

    public ConsoleClient(TestServer server) {
        this.base = server.admin().base();
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Signs in through the form; fails the test when the console does not redirect into itself. */
    public ConsoleClient signIn(String email, String password) {
        get("/ui/login");
        HttpResult r = post("/ui/login", Map.of("email", email, "password", password));
        if (r.status() != 303 || !r.header("Location").startsWith("/ui/")) {
            throw new AssertionError("console sign-in failed: " + r);
        }
        return this;
    }

    public HttpResult get(String path) {
        return remember(send(HttpRequest.newBuilder(URI.create(base + path)).GET()));
    }

    /** Follows redirects from a GET (or a form's 303) to the page at the end. */
    public HttpResult follow(HttpResult r) {
        HttpResult current = r;
        for (int i = 0; i < 5 && current.status() / 100 == 3; i++) {
            current = get(current.header("Location"));
        }
        return current;
    }

    /** A form post with the page's CSRF token added. */
    public HttpResult post(String path, Map<String, String> form) {
        Map<String, String> withToken = new java.util.LinkedHashMap<>(form);
        if (csrf != null) {
            withToken.putIfAbsent("_csrf", csrf);
        }
        return postRaw(path, withToken, Map.of());
    }

    /** A post exactly as given (no token added), with extra headers. */
    public HttpResult postRaw(String path, Map<String, String> form, Map<String, String> headers) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return remember(send(b));
    }

    /** An htmx request: the CSRF token in the header, as the console's pages send it. */
    public HttpResult htmxPost(String path, Map<String, String> form) {
        return postRaw(path, form, Map.of("HX-Request", "true", "X-CSRF-Token", csrf == null ? "" : csrf));
    }

    public String csrf() {
        return csrf;
    }

    /** The session cookie's value as the browser holds it (to replay it elsewhere, as a thief would). */
    public String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("gh_console"))
                .map(java.net.HttpCookie::getValue).findFirst().orElseThrow();
    }

    /** A browser that holds the given session cookie and nothing else. */
    public static ConsoleClient holding(TestServer server, String sessionCookie) {
        ConsoleClient client = new ConsoleClient(server);
        java.net.HttpCookie cookie = new java.net.HttpCookie("gh_console", sessionCookie);
        cookie.setPath("/ui");
        cookie.setVersion(0);
        client.cookies.getCookieStore().add(URI.create(client.base + "/ui/"), cookie);
        return client;
    }

    private HttpResult remember(HttpResult r) {
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    private HttpResult send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new HttpResult(r.statusCode(), r.body(), r.headers());
        } catch (Exception e) {
            throw new AssertionError("console request failed: " + e, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
