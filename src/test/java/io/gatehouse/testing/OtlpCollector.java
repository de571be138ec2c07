package io.gatehouse.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenTelemetry collector on 127.0.0.1 for tests: accepts OTLP/HTTP protobuf exports on {@code /v1/traces} and
 * decodes the spans (name, kind, ids, attributes, status) with a minimal protobuf reader, so tests check what a real
 * collector would receive.
 */
public final class OtlpCollector implements AutoCloseable {
    /** A received span; attribute values are String, Long, Double, Boolean or List of those. */
    public record Span(String name, int kind, String traceId, String spanId, String parentSpanId,
                       Map<String, Object> attributes, int statusCode) {
        public static final int SERVER = 2;
        public static final int CLIENT = 3;
        public static final int STATUS_ERROR = 2;

        public Object attribute(String key) {
            return attributes.get(key);
        }
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();

    public OtlpCollector() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                spans.addAll(decode(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    /** The base URL to configure as {@code otel.exporter.otlp.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Span> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static List<Span> decode(byte[] request) {
        List<Span> out = new ArrayList<>();
        for (Object resourceSpans : fields(request).getOrDefault(1, List.of())) {
            for (Object scopeSpans : fields((byte[]) resourceSpans).getOrDefault(2, List.of())) {
                for (Object span : fields((byte[]) scopeSpans).getOrDefault(2, List.of())) {
                    out.add(span((byte[]) span));
                }
            }
        }
        return out;
    }

    private static Span span(byte[] bytes) {
        Map<Integer, List<Object>> f = fields(bytes);
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Object kv : f.getOrDefault(9, List.of())) {
            Map<Integer, List<Object>> pair = fields((byte[]) kv);
            attributes.put(string(pair.get(1).getFirst()), value((byte[]) pair.get(2).getFirst()));
        }
        int status = 0;
        if (f.containsKey(15)) {
            status = ((Long) fields((byte[]) f.get(15).getFirst()).getOrDefault(3, List.of(0L)).getFirst()).intValue();
        }
        return new Span(string(f.get(5).getFirst()), ((Long) f.get(6).getFirst()).intValue(), hex(f.get(1)), hex(f.get(2)),
                hex(f.get(4)), attributes, status);
    }

    private static Object value(byte[] anyValue) {
        Map<Integer, List<Object>> f = fields(anyValue);
        if (f.containsKey(1)) {
            return string(f.get(1).getFirst());
        }
        if (f.containsKey(2)) {
            return (Long) f.get(2).getFirst() != 0;
        }
        if (f.containsKey(3)) {
            return f.get(3).getFirst();
        }
        if (f.containsKey(4)) {
            return Double.longBitsToDouble((Long) f.get(4).getFirst());
        }
        if (f.containsKey(5)) {
            List<Object> values = new ArrayList<>();
            for (Object v : fields((byte[]) f.get(5).getFirst()).getOrDefault(1, List.of())) {
                values.add(value((byte[]) v));
            }
            return values;
        }
        return null;
    }

    private static String hex(List<Object> field) {
        return field == null ? "" : HexFormat.of().formatHex((byte[]) field.getFirst());
    }

    private static String string(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }

    /** One protobuf message's fields by number: varints and fixed numbers as Long, length-delimited ones as bytes. */
    private static Map<Integer, List<Object>> fields(byte[] b) {
        Map<Integer, List<Object>> fields = new LinkedHashMap<>();
        int[] pos = {0};
        while (pos[0] < b.length) {
            long tag = varint(b, pos);
            int number = (int) (tag >>> 3);
            Object value = switch ((int) (tag & 7)) {
                case 0 -> varint(b, pos);
                case 1 -> fixed(b, pos, 8);
                case 2 -> {
                    int length = (int) varint(b, pos);
                    byte[] part = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + length);
                    pos[0] += length;
                    yield part;
                }
                case 5 -> fixed(b, pos, 4);
                default -> throw new IllegalStateException("Unsupported protobuf wire type in tag " + tag);
            };
            fields.computeIfAbsent(number, k -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static long varint(byte[] b, int[] pos) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = b[pos[0]++];
            result |= (long) (next & 0x7f) << shift;
            if (next >= 0) {
                return result;
            }
        }
    }

    private static long fixed(byte[] b, int[] pos, int size) {
        long result = 0;
        for (int i = 0; i < size; i++) {
            result |= (long) (b[pos[0]++] & 0xff) << (8 * i);
        }
        return result;
    }
}
