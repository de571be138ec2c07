import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP/1.1 load generator for the benchmarks and the soak: keep-alive connections over plain sockets, POST bodies
 * read from files, whole responses read (chunked or sized) and checked for a 2xx status.
 *
 * <p>Two modes. Fixed concurrency ({@code --concurrency N}): N connections each send the next request as soon as the
 * last answer is read, which measures throughput. Fixed rate ({@code --rate R}): requests start on a schedule of R a
 * second whatever the answers do, on as many connections as that needs, and latency counts from the scheduled start,
 * so a stall shows as the latency of every request it delayed (no coordinated omission).
 *
 * <p>Several {@code --request URL BODY_FILE} pairs make a mix, sent in turn. Results: requests, errors, req/s,
 * latency and time-to-first-byte percentiles, and with {@code --pid} the CPU time per request and the peak RSS of
 * that process; one JSON object ({@code --json}) or one plain line. Run with {@code java bench/load/LoadGen.java -h}.
 */
public final class LoadGen {
    private static final String USAGE = """
            usage: LoadGen --request URL BODY_FILE [--request URL BODY_FILE ...] (--concurrency N | --rate R)
                           [--duration S] [--warmup S] [--header 'Name: value' ...] [--pid PID] [--clk-tck 100]
                           [--max-in-flight 2000] [--progress S] [--json]""";

    record Request(String host, int port, byte[] bytes) {}

    /** One finished request: when it was due, when its first body byte and its last byte came, and its outcome. */
    record Sample(long latencyNanos, long ttfbNanos, Outcome outcome) {}

    /** How a request ended: answered 2xx, answered otherwise, failed on the connection, or never sent. */
    enum Outcome { OK, STATUS, IO, OVER_CAP }

    /** Longest a pooled connection is reused after it fell idle (servers close idle ones after 5–75 s). */
    private static final long MAX_IDLE_NANOS = 4_000_000_000L;

    private final List<Request> mix;
    private final Samples samples = new Samples();
    private final AtomicLong sequence = new AtomicLong();
    private volatile long recordFrom = Long.MAX_VALUE;

    LoadGen(List<Request> mix) {
        this.mix = mix;
    }

    public static void main(String[] args) throws Exception {
        List<Request> mix = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        int concurrency = 0;
        double rate = 0;
        double duration = 10;
        double warmup = 0;
        long pid = 0;
        int clockTicks = 100;
        int maxInFlight = 2000;
        boolean json = false;
        double progress = 0;
        List<String[]> requestArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--request" -> requestArgs.add(new String[] {args[++i], args[++i]});
                case "--header" -> headers.add(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--pid" -> pid = Long.parseLong(args[++i]);
                case "--clk-tck" -> clockTicks = Integer.parseInt(args[++i]);
                case "--max-in-flight" -> maxInFlight = Integer.parseInt(args[++i]);
                case "--json" -> json = true;
                case "--progress" -> progress = Double.parseDouble(args[++i]);
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (requestArgs.isEmpty() || (concurrency > 0) == (rate > 0)) {
            fail("give at least one --request and exactly one of --concurrency and --rate");
        }
        for (String[] pair : requestArgs) {
            mix.add(request(URI.create(pair[0]), Files.readAllBytes(Path.of(pair[1])), headers));
        }
        LoadGen load = new LoadGen(mix);
        long start = System.nanoTime();
        long measureFrom = start + seconds(warmup);
        long end = measureFrom + seconds(duration);
        ProcessMeter meter = new ProcessMeter(pid, clockTicks);
        Thread.startVirtualThread(() -> {
            LockSupport.parkNanos(measureFrom - System.nanoTime());
            load.recordFrom = System.nanoTime();
            meter.start();
        });
        if (progress > 0) {
            load.reportProgress(start, seconds(progress), end);
        }
        if (concurrency > 0) {
            load.closedLoop(concurrency, end);
        } else {
            load.openLoop(rate, end, maxInFlight);
        }
        meter.stop();
        long measuredNanos = System.nanoTime() - Math.min(load.recordFrom, System.nanoTime());
        String mode = concurrency > 0 ? "concurrency" : "rate";
        double level = concurrency > 0 ? concurrency : rate;
        Report report = load.samples.report(mode, level, measuredNanos, meter);
        System.out.println(json ? report.json() : report.plain());
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.println(USAGE);
        System.exit(2);
    }

    private static long seconds(double seconds) {
        return (long) (seconds * 1e9);
    }

    static Request request(URI uri, byte[] body, List<String> headers) {
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(port).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, bytes, headBytes.length, body.length);
        return new Request(uri.getHost(), port, bytes);
    }

    /** N workers, each with its own connection, send back to back until the end. */
    private void closedLoop(int concurrency, long end) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(Thread.startVirtualThread(() -> {
                Connection connection = null;
                while (System.nanoTime() < end) {
                    long due = System.nanoTime();
                    connection = exchange(connection, next(), due);
                }
                if (connection != null) {
                    connection.close();
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    /** Requests start on schedule, each on an idle pooled connection or a new one; at most maxInFlight at once. */
    private void openLoop(double rate, long end, int maxInFlight) throws InterruptedException {
        ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long period = (long) (1e9 / rate);
        long start = System.nanoTime();
        for (long i = 0; ; i++) {
            long due = start + i * period;
            if (due >= end) {
                break;
            }
            LockSupport.parkNanos(due - System.nanoTime());
            if (!inFlight.tryAcquire()) {
                // The target is so far behind that the cap is reached: this request counts as failed.
                record(due, due, System.nanoTime(), Outcome.OVER_CAP);
                continue;
            }
            Request request = next();
            Thread.startVirtualThread(() -> {
                try {
                    Connection connection = exchange(freshest(idle), request, due);
                    if (connection != null) {
                        connection.lastUsed = System.nanoTime();
                        idle.addFirst(connection);
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(maxInFlight);
        idle.forEach(Connection::close);
    }

    /**
     * The most recently used idle connection, closing those idle for longer than {@link #MAX_IDLE_NANOS}: a server
     * closes keep-alive connections idle for a while (Gatehouse after 75 s), and one taken in that instant would fail.
     */
    private static Connection freshest(ConcurrentLinkedDeque<Connection> idle) {
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            if (System.nanoTime() - connection.lastUsed < MAX_IDLE_NANOS) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private Request next() {
        return mix.get((int) (sequence.getAndIncrement() % mix.size()));
    }

    /** Sends one request and reads its answer; returns the connection to reuse, or null when it was closed. */
    private Connection exchange(Connection connection, Request request, long due) {
        try {
            if (connection == null) {
                connection = new Connection(request.host(), request.port());
            }
            Response response = connection.send(request.bytes());
            record(due, response.firstByteNanos(), System.nanoTime(),
                    response.status() / 100 == 2 ? Outcome.OK : Outcome.STATUS);
            if (response.close()) {
                connection.close();
                return null;
            }
            return connection;
        } catch (IOException e) {
            long now = System.nanoTime();
            record(due, now, now, Outcome.IO);
            if (connection != null) {
                connection.close();
            }
            return null;
        }
    }

    private void record(long due, long firstByte, long done, Outcome outcome) {
        if (due >= recordFrom) {
            samples.add(new Sample(done - due, firstByte - due, outcome));
        }
    }

    /** Every {@code period}, one line on standard error: what finished in that window, errors, the slowest. */
    private void reportProgress(long start, long period, long end) {
        Thread.startVirtualThread(() -> {
            for (long next = start + period; next <= end; next += period) {
                LockSupport.parkNanos(next - System.nanoTime());
                System.err.println(samples.window((next - start) / 1_000_000_000L));
            }
        });
    }

    record Response(int status, long firstByteNanos, boolean close) {}

    /** One keep-alive HTTP/1.1 connection. */
    static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private volatile long lastUsed = System.nanoTime();

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        Response send(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            long contentLength = -1;
            boolean chunked = false;
            boolean close = parts[0].equals("HTTP/1.0");
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
                    default -> { }
                }
            }
            long firstByte;
            if (chunked) {
                firstByte = readChunked();
            } else if (contentLength >= 0) {
                firstByte = contentLength == 0 ? System.nanoTime() : skip(contentLength);
            } else {
                firstByte = skip(Long.MAX_VALUE);
                close = true;
            }
            return new Response(status, firstByte, close);
        }

        /** Reads a chunked body; returns when its first byte arrived. */
        private long readChunked() throws IOException {
            long firstByte = 0;
            while (true) {
                String sizeLine = line();
                int extension = sizeLine.indexOf(';');
                long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
                if (firstByte == 0) {
                    firstByte = System.nanoTime();
                }
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return firstByte;
                }
                skip(size);
                line();
            }
        }

        /** Skips n bytes (or to the end of the stream); returns when the first of them arrived. */
        private long skip(long n) throws IOException {
            long firstByte = 0;
            while (n > 0) {
                int first = in.read();
                if (first < 0) {
                    if (n == Long.MAX_VALUE) {
                        return firstByte == 0 ? System.nanoTime() : firstByte;
                    }
                    throw new EOFException("connection closed inside a body");
                }
                if (firstByte == 0) {
                    firstByte = System.nanoTime();
                }
                n -= 1 + in.skip(Math.min(n - 1, in.available()));
            }
            return firstByte;
        }

        private String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("connection closed");
                }
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The measured samples, appended by every worker. */
    static final class Samples {
        private long[] latencies = new long[1 << 16];
        private long[] ttfbs = new long[1 << 16];
        private int count;
        private long errors;
        private final long[] errorsByOutcome = new long[Outcome.values().length];
        private long windowCount;
        private long windowErrors;
        private long windowMaxNanos;

        synchronized void add(Sample sample) {
            windowMaxNanos = Math.max(windowMaxNanos, sample.latencyNanos());
            if (sample.outcome() != Outcome.OK) {
                errors++;
                errorsByOutcome[sample.outcome().ordinal()]++;
                windowErrors++;
                return;
            }
            windowCount++;
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
                ttfbs = Arrays.copyOf(ttfbs, count * 2);
            }
            latencies[count] = sample.latencyNanos();
            ttfbs[count++] = sample.ttfbNanos();
        }

        synchronized String window(long elapsedSeconds) {
            String line = String.format(Locale.ROOT, "t=%ds ok=%d errors=%d slowest=%.1fms", elapsedSeconds,
                    windowCount, windowErrors, windowMaxNanos / 1e6);
            windowCount = 0;
            windowErrors = 0;
            windowMaxNanos = 0;
            return line;
        }

        synchronized Report report(String mode, double level, long measuredNanos, ProcessMeter meter) {
            long[] latency = Arrays.copyOf(latencies, count);
            long[] ttfb = Arrays.copyOf(ttfbs, count);
            Arrays.sort(latency);
            Arrays.sort(ttfb);
            long all = count + errors;
            return new Report(mode, level, measuredNanos / 1e9, count, errors, errorsByOutcome[Outcome.STATUS.ordinal()],
                    errorsByOutcome[Outcome.IO.ordinal()], errorsByOutcome[Outcome.OVER_CAP.ordinal()],
                    count / (measuredNanos / 1e9),
                    percentile(latency, 50), percentile(latency, 90), percentile(latency, 99),
                    percentile(latency, 100), percentile(ttfb, 50), percentile(ttfb, 99),
                    meter.cpuMicrosPer(all), meter.peakRssMib());
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    record Report(String mode, double level, double seconds, long completed, long errors, long statusErrors,
                  long ioErrors, long overCap, double rps, double p50, double p90, double p99, double max,
                  double ttfbP50, double ttfbP99, double cpuMicrosPerRequest, double peakRssMib) {
        String json() {
            return String.format(Locale.ROOT, "{\"mode\":\"%s\",\"level\":%s,\"seconds\":%.2f,\"completed\":%d,"
                    + "\"errors\":%d,\"errors_status\":%d,\"errors_io\":%d,\"errors_over_cap\":%d,\"rps\":%.1f,"
                    + "\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"ttfb_p50_ms\":%.3f,"
                    + "\"ttfb_p99_ms\":%.3f,\"cpu_us_per_req\":%.1f,\"peak_rss_mib\":%.1f}", values());
        }

        String plain() {
            return String.format(Locale.ROOT, "%s=%s %.1fs completed=%d errors=%d (status %d, io %d, over cap %d) "
                    + "rps=%.1f p50=%.3fms p90=%.3fms p99=%.3fms max=%.3fms ttfb_p50=%.3fms ttfb_p99=%.3fms "
                    + "cpu=%.1fus/req peak_rss=%.1fMiB", values());
        }

        private Object[] values() {
            return new Object[] {mode, trim(level), seconds, completed, errors, statusErrors, ioErrors, overCap, rps,
                p50, p90, p99, max, ttfbP50, ttfbP99, cpuMicrosPerRequest, peakRssMib};
        }

        private static String trim(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }
    }

    /** CPU time of another process over the measured window, from /proc (Linux); zero without --pid. */
    static final class ProcessMeter {
        private final long pid;
        private final int clockTicks;
        private volatile long startTicks;
        private volatile long stopTicks;

        ProcessMeter(long pid, int clockTicks) {
            this.pid = pid;
            this.clockTicks = clockTicks;
        }

        void start() {
            startTicks = cpuTicks();
        }

        void stop() {
            stopTicks = cpuTicks();
        }

        double cpuMicrosPer(long requests) {
            return pid == 0 || requests == 0 ? 0 : (stopTicks - startTicks) * 1e6 / clockTicks / requests;
        }

        double peakRssMib() {
            if (pid == 0) {
                return 0;
            }
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                    }
                }
            } catch (IOException ignored) {
                // the process is gone: no figure
            }
            return 0;
        }

        private long cpuTicks() {
            if (pid == 0) {
                return 0;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
