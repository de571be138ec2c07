package io.gatehouse.testing.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A fake provider API on 127.0.0.1 (a free port) for tests that must speak real HTTP: a route table, a log of
 * every request, the provider's own authentication check and error bodies (in subclasses), and a script of
 * failures (an answer to give next, a delay before every answer). Answers may be sent in chunks with a gap
 * between them, so streaming endpoints can be added as routes.
 */
public abstract class FakeProvider implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A request as received; {@code rawTarget} is the path and query as sent, still percent-encoded (what a request
     * signature covers).
     */
    public record Recorded(String method, String path, Map<String, String> query, Map<String, List<String>> headers, byte[] body,
                           String rawTarget) {
        /** A header's first value (names are compared without case), or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer: status, headers, and the body in one or more chunks sent {@code gap} apart. */
    public record Answer(int status, Map<String, String> headers, List<byte[]> chunks, Duration gap) {
        public static Answer json(int status, Object body) {
            String text;
            try {
                text = body instanceof String s ? s : JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            return new Answer(status, Map.of("Content-Type", "application/json"), List.of(text.getBytes(StandardCharsets.UTF_8)), Duration.ZERO);
        }

        public static Answer chunked(int status, String contentType, List<String> chunks, Duration gap) {
            return new Answer(status, Map.of("Content-Type", contentType),
                    chunks.stream().map(c -> c.getBytes(StandardCharsets.UTF_8)).toList(), gap);
        }

        /** A {@code text/event-stream} body sent one frame (up to its blank line) per chunk, {@code gap} apart. */
        public static Answer sse(String body, Duration gap) {
            List<String> frames = new ArrayList<>();
            String normalized = body.replace("\r\n", "\n");
            int start = 0;
            int end;
            while ((end = normalized.indexOf("\n\n", start)) >= 0) {
                frames.add(normalized.substring(start, end + 2));
                start = end + 2;
            }
            if (start < normalized.length()) {
                frames.add(normalized.substring(start));
            }
            return chunked(200, "text/event-stream", frames, gap);
        }

        /** A provider error fixture ({@code {"status","headers","body"}}) as the provider would send it. */
        public static Answer errorFixture(String fixture) {
            try {
                JsonNode f = JSON.readTree(fixture);
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/json");
                f.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
                return new Answer(f.path("status").asInt(), headers,
                        List.of(JSON.writeValueAsBytes(f.path("body"))), Duration.ZERO);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        Answer handle(Recorded request) throws Exception;
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Route> overrides = new CopyOnWriteArrayList<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> scripted = new ConcurrentLinkedDeque<>();
    private final AtomicInteger abandoned = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;
    private volatile java.util.function.Function<Recorded, String> chatText;
    /** How many models a page holds at most, for providers that page their lists (small, so tests see paging). */
    protected volatile int pageSize = 2;
    /** The API key this provider accepts; null accepts any caller (a local server without auth). */
    protected final String apiKey;

    protected FakeProvider(String apiKey) {
        this.apiKey = apiKey;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** Adds a route; {@code {name}} in the path matches one segment (e.g. {@code /v1beta/models/{model}:generateContent}). */
    public void route(String method, String path, Handler handler) {
        routes.add(new Route(method, pattern(path), handler));
    }

    private static Pattern pattern(String path) {
        return Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What an AI LLM configuration names as its endpoint to reach this provider: the base URL, unless it says otherwise. */
    public String endpoint() {
        return baseUrl();
    }

    /** The provider's answer to a bad or missing key. */
    protected abstract Answer unauthorized(Recorded request);

    /** The provider's answer to an unknown path. */
    protected abstract Answer notFound(Recorded request);

    /** The provider's own answer to an internal failure. */
    public abstract Answer serverError();

    /** True when the request carries the accepted key the way this provider expects it. */
    protected abstract boolean authorized(Recorded request);

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    /** How many answers could not be completed because the caller closed the connection. */
    public int abandoned() {
        return abandoned.get();
    }

    /** Answers {@code method path} with {@code handler} from now on, ahead of the built-in routes. */
    public void respond(String method, String path, Handler handler) {
        overrides.addFirst(new Route(method, pattern(path), handler));
    }

    /** Back to the built-in behaviour: no recorded requests, scripted answers, overrides or delay. */
    public void reset() {
        requests.clear();
        scripted.clear();
        overrides.clear();
        delay = Duration.ZERO;
        chatText = null;
    }

    /**
     * From now on, non-streaming chat answers carry {@code text} as the assistant's text (in this provider's wire
     * format, with its usual usage numbers): how tests script what a judge model says. Null restores the default.
     */
    public void answerChatWith(String text) {
        this.chatText = text == null ? null : request -> text;
    }

    /** Like {@link #answerChatWith(String)}, the text chosen per request (e.g. by what a judge was asked). */
    public void answerChatWith(java.util.function.Function<Recorded, String> text) {
        this.chatText = text;
    }

    /** The scripted chat text for {@code request}, or {@code fallback}. */
    protected String chatText(Recorded request, String fallback) {
        var scripted = chatText;
        return scripted == null ? fallback : scripted.apply(request);
    }

    /** A string as a JSON string literal. */
    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parsed JSON body of a request. */
    public static JsonNode json(Recorded request) {
        try {
            return JSON.readTree(request.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next request gets {@code answer} (after the authentication check passes or not: it is not made). */
    public void failNext(Answer answer) {
        scripted.add(answer);
    }

    public void pageSize(int size) {
        this.pageSize = size;
    }

    /** Every answer waits this long first (use to provoke client timeouts). */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    query(exchange.getRequestURI().getRawQuery()), headers(exchange), exchange.getRequestBody().readAllBytes(),
                    exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null ? ""
                            : "?" + exchange.getRequestURI().getRawQuery()));
            requests.add(request);
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            send(exchange, answer(request));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (a timeout or a cancel on its side): nothing left to answer.
            abandoned.incrementAndGet();
        }
    }

    private Answer answer(Recorded request) {
        Answer next = scripted.poll();
        if (next != null) {
            return next;
        }
        Route override = match(overrides, request);
        if (override != null) {
            return handle(override, request); // test-specific answers skip the provider's key check
        }
        Route route = match(routes, request);
        if (route == null) {
            return notFound(request);
        }
        if (!authorized(request)) {
            return unauthorized(request);
        }
        return handle(route, request);
    }

    private static Route match(List<Route> candidates, Recorded request) {
        return candidates.stream()
                .filter(r -> r.method().equals(request.method()) && r.path().matcher(request.path()).matches())
                .findFirst().orElse(null);
    }

    private Answer handle(Route route, Recorded request) {
        try {
            return route.handler().handle(request);
        } catch (Exception e) {
            return serverError();
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException, InterruptedException {
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        long length = answer.chunks().size() == 1 ? answer.chunks().getFirst().length : 0;
        exchange.sendResponseHeaders(answer.status(), length == 0 && answer.chunks().size() == 1 ? -1 : length);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < answer.chunks().size(); i++) {
            if (i > 0 && !answer.gap().isZero()) {
                Thread.sleep(answer.gap().toMillis());
            }
            out.write(answer.chunks().get(i));
            out.flush();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
        return headers;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
