import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed-cost OpenAI and Anthropic upstream for benchmarks and the soak: {@code POST /v1/chat/completions} (a whole
 * answer, or server-sent events when the body says {@code "stream": true}), {@code POST /v1/messages} (the same answer
 * in Anthropic's Messages shape, whole or as its event sequence) and {@code GET /v1/models} (a list both providers'
 * catalog readers accept). It never looks at the credentials and answers every request the same way, so what a
 * gateway adds in front of it (and its translation between the two shapes) is all that varies.
 *
 * <p>Run with {@code java bench/mock/MockUpstream.java}. Environment: {@code MOCK_PORT} (18080), {@code MOCK_DELAY_MS}
 * (0: wait before answering), {@code MOCK_CHUNKS} (20 content chunks per stream), {@code MOCK_CHUNK_DELAY_MS} (0: wait
 * between chunks), {@code MOCK_REPLY} (the completion text, plain: no quotes or backslashes), {@code MOCK_IDLE_SECONDS}
 * (30: an idle keep-alive connection is closed after about that long), {@code MOCK_QUIET} (no start-up line).
 */
public final class MockUpstream {
    static final String DEFAULT_REPLY = "Hello from the Gatehouse bench mock.";
    private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");
    private static final Pattern INCLUDE_USAGE = Pattern.compile("\"include_usage\"\\s*:\\s*true");
    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"\\\\]{1,200})\"");

    private final long delayMs;
    private final int chunks;
    private final long chunkDelayMs;
    private final String reply;
    private final AtomicLong ids = new AtomicLong();

    MockUpstream(long delayMs, int chunks, long chunkDelayMs, String reply) {
        this.delayMs = delayMs;
        this.chunks = chunks;
        this.chunkDelayMs = chunkDelayMs;
        this.reply = reply;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(env("MOCK_PORT", "18080"));
        MockUpstream mock = new MockUpstream(Long.parseLong(env("MOCK_DELAY_MS", "0")),
                Integer.parseInt(env("MOCK_CHUNKS", "20")), Long.parseLong(env("MOCK_CHUNK_DELAY_MS", "0")),
                env("MOCK_REPLY", DEFAULT_REPLY));
        // Without TCP_NODELAY a response written as headers then body waits for the client's delayed ACK (40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The JDK server closes idle keep-alive connections beyond 200: a gateway's pooled connection would then be
        // closed under it at the moment of reuse, an error the mock would have caused.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        // How long a keep-alive connection may stay idle before the mock closes it (the JDK's default is 30 s).
        System.setProperty("sun.net.httpserver.idleInterval", env("MOCK_IDLE_SECONDS", "30"));
        // A large backlog: a benchmark opens its connections in one burst.
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", mock::chat);
        server.createContext("/v1/messages", mock::messages);
        server.createContext("/v1/models", mock::models);
        server.start();
        if (System.getenv("MOCK_QUIET") == null) {
            System.out.println("mock upstream on http://127.0.0.1:" + port + "/v1");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private void models(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\","
                    + "\"created\":1700000000,\"owned_by\":\"bench\"}]}");
        }
    }

    private void chat(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"error\":{\"message\":\"POST only\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher model = MODEL.matcher(body);
            String modelName = model.find() ? model.group(1) : "gpt-4o-mini";
            String id = "chatcmpl-bench-" + ids.incrementAndGet();
            pause(delayMs);
            if (STREAM.matcher(body).find()) {
                stream(exchange, id, modelName, INCLUDE_USAGE.matcher(body).find());
            } else {
                send(exchange, 200, "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1700000000,"
                        + "\"model\":\"" + modelName + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"" + reply + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + chunks
                        + ",\"total_tokens\":" + (12 + chunks) + "}}");
            }
        }
    }

    private void messages(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher model = MODEL.matcher(body);
            String modelName = model.find() ? model.group(1) : "claude-haiku-4-5";
            String id = "msg_bench_" + ids.incrementAndGet();
            pause(delayMs);
            if (STREAM.matcher(body).find()) {
                messageEvents(exchange, id, modelName);
            } else {
                send(exchange, 200, "{\"id\":\"" + id + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
                        + modelName + "\",\"content\":[{\"type\":\"text\",\"text\":\"" + reply + "\"}],"
                        + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":12,\"output_tokens\":" + chunks + "}}");
            }
        }
    }

    /** Anthropic's event sequence: message_start, a text block of {@code chunks} deltas, message_delta, message_stop. */
    private void messageEvents(HttpExchange exchange, String id, String model) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        write(out, event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"" + id + "\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"));
        write(out, event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        for (int i = 0; i < chunks; i++) {
            write(out, event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + piece(i) + "\"}}"));
            pause(chunkDelayMs);
        }
        write(out, event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        write(out, event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + chunks + "}}"));
        write(out, event("message_stop", "{\"type\":\"message_stop\"}"));
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    /** The reply split into {@code chunks} content deltas, a finish chunk, the usage chunk when asked, [DONE]. */
    private void stream(HttpExchange exchange, String id, String model, boolean includeUsage) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        String prefix = "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"" + model + "\",\"choices\":[";
        String noUsage = includeUsage ? ",\"usage\":null" : "";
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < chunks; i++) {
            String delta = (i == 0 ? "\"role\":\"assistant\"," : "") + "\"content\":\"" + piece(i) + "\"";
            write(out, prefix + "{\"index\":0,\"delta\":{" + delta + "},\"finish_reason\":null}]" + noUsage + "}\n\n");
            pause(chunkDelayMs);
        }
        write(out, prefix + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]" + noUsage + "}\n\n");
        if (includeUsage) {
            write(out, prefix + "],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + chunks
                    + ",\"total_tokens\":" + (12 + chunks) + "}}\n\n");
        }
        write(out, "data: [DONE]\n\n");
    }

    /** The i-th of {@code chunks} nearly equal slices of the reply (empty when there are more chunks than letters). */
    private String piece(int i) {
        int length = reply.length();
        return reply.substring(i * length / chunks, (i + 1) * length / chunks);
    }

    private static void write(OutputStream out, String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
