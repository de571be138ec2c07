package io.gatehouse.testing.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A provider that misbehaves below HTTP, on raw loopback sockets (what an HTTP server library would not let it do):
 * it hangs before or after its headers, resets the connection mid-body, drips its answer a byte at a time, or
 * answers 200 with a body that is not what was asked. Each request names its fault in the model it asks for
 * ({@link #model}), so concurrent requests can fail differently; a request naming none is answered properly, with
 * the body {@code healthy} gives for it (its path and whether it asked for a stream). Every answer closes the
 * connection, so no pooled connection outlives a request.
 */
public final class FaultyUpstream implements AutoCloseable {
    /** How the next answers go wrong. */
    public enum Fault {
        /** Reads the request and never answers. */
        HANG_BEFORE_HEADERS,
        /** Sends a 200's headers, then nothing. */
        HANG_AFTER_HEADERS,
        /** Sends the headers and half the proper body, then resets the connection (RST). */
        RESET_MID_BODY,
        /** Sends the proper answer one byte every 50 ms, each within the idle timeout, the whole far past the total. */
        DRIP,
        /** A 200 event stream of frames that are not JSON, cut off without an end. */
        MALFORMED_SSE,
        /** A 200 whose body is not JSON at all. */
        GARBAGE_200,
        /** A complete 200 message whose JSON body is cut off half-way. */
        TRUNCATED_JSON
    }

    private static final String MALFORMED_SSE = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\n\n"
            + "event: message_start\ndata: {{{not json\n\n"
            + "data: [1, 2,\n\n";

    private final ServerSocket server;
    private final BiFunction<String, Boolean, String> healthy;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** {@code healthy}: the proper body for a request's path and stream flag. */
    public FaultyUpstream(BiFunction<String, Boolean, String> healthy) {
        this.healthy = healthy;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("faulty-upstream").start(this::accept);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** A model name that makes this upstream answer with {@code fault}; {@code tag} keeps each request's apart. */
    public static String model(String model, Fault fault, String tag) {
        return model + "-fault-" + fault + "-" + tag;
    }

    private static Fault faultOf(Request request) {
        for (Fault fault : Fault.values()) {
            if (request.path().contains("-fault-" + fault + "-") || request.body().contains("-fault-" + fault + "-")) {
                return fault;
            }
        }
        return null;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread.ofVirtual().start(() -> answer(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            Request request = Request.read(socket.getInputStream());
            boolean stream = request.stream();
            String contentType = stream ? "text/event-stream" : "application/json";
            String body = healthy.apply(request.path(), stream);
            OutputStream out = socket.getOutputStream();
            Fault now = faultOf(request);
            if (now == null) {
                send(out, 200, contentType, body);
                return;
            }
            switch (now) {
                case HANG_BEFORE_HEADERS -> awaitClose(socket);
                case HANG_AFTER_HEADERS -> {
                    head(out, 200, contentType, -1);
                    awaitClose(socket);
                }
                case RESET_MID_BODY -> {
                    head(out, 200, contentType, -1);
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    out.write(bytes, 0, bytes.length / 2);
                    out.flush();
                    Thread.sleep(50);
                    socket.setSoLinger(true, 0); // close() now sends RST instead of FIN
                }
                case DRIP -> {
                    head(out, 200, contentType, -1);
                    for (byte b : body.getBytes(StandardCharsets.UTF_8)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(50);
                    }
                }
                case MALFORMED_SSE -> send(out, 200, "text/event-stream", MALFORMED_SSE);
                case GARBAGE_200 -> send(out, 200, "application/json", "<html><body>502 Bad Gateway</body></html>");
                case TRUNCATED_JSON -> send(out, 200, "application/json", body.substring(0, body.length() / 2));
            }
        } catch (IOException e) {
            // The gateway gave up on the answer (its timeout): expected for the hanging and dripping faults.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    /** Headers with {@code Connection: close}; a negative length sends the body until the connection closes. */
    private static void head(OutputStream out, int status, String contentType, int length) throws IOException {
        String head = "HTTP/1.1 " + status + " OK\r\nContent-Type: " + contentType + "\r\nConnection: close\r\n"
                + (length >= 0 ? "Content-Length: " + length + "\r\n" : "") + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void send(OutputStream out, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        head(out, status, contentType, bytes.length);
        out.write(bytes);
        out.flush();
    }

    /** Holds the connection until the gateway closes it. */
    private static void awaitClose(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        while (in.read() >= 0) {
            // Nothing more is expected from the gateway; wait for its end of the connection.
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }

    /** The request line's path and the body, enough to tell what to answer. */
    private record Request(String path, String body) {
        boolean stream() {
            return path.contains("streamGenerateContent") || body.replace(" ", "").contains("\"stream\":true");
        }

        static Request read(InputStream in) throws IOException {
            String head = readHead(in);
            String path = head.split(" ", 3)[1];
            int length = 0;
            boolean chunked = false;
            for (String line : head.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body = chunked ? readChunked(in) : in.readNBytes(length);
            return new Request(path, new String(body, StandardCharsets.UTF_8));
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int b;
            while (matched < 4 && (b = in.read()) >= 0) {
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        private static byte[] readChunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (n == 0) {
                    readLine(in);
                    return body.toByteArray();
                }
                body.write(in.readNBytes(n));
                readLine(in);
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
