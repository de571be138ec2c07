package io.gatehouse.observe;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.gatehouse.config.ConfigException;
import io.gatehouse.config.Settings;
import io.gatehouse.policy.detect.Detector;
import io.gatehouse.policy.detect.Detectors;
import io.gatehouse.policy.detect.Finding;
import io.gatehouse.policy.detect.Redactor;
import io.gatehouse.text.ControlCharacters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * The structured access log: one JSON object per gateway request and line, on standard output or appended to
 * {@code access.log.file}. The request path only queues the entry ({@link #write}, never blocking: when the queue is
 * full the entry is dropped and counted in {@code gatehouse_access_log_dropped_total}). One background thread wakes
 * every {@value #FLUSH_MILLIS} ms, formats what is queued (redacting bodies) and writes it in a few large writes of
 * whole lines — not one write, and not one thread wake-up, per request, which is what a logger appender costs.
 * Prompt and completion bodies are left out unless body logging is switched on ({@code access.log.bodies}), and then
 * they pass through a redaction function (the policy detectors' masking) and are cut to
 * {@code access.log.bodies.max} characters. Every control character in a value (JSON's own escapes cover C0, these also
 * DEL, C1, the Unicode line separators and bidirectional overrides) is written as a {@code \}{@code uXXXX} escape, so
 * no model name or user agent can break a line or drive the terminal of whoever reads the log.
 */
public final class AccessLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final CharacterEscapes ESCAPES = new ControlEscapes();
    private static final int DEFAULT_QUEUE = 16_384;
    static final long FLUSH_MILLIS = 50;
    /** Largest single write: on a pipe, writes up to this size are atomic, so lines never interleave with others'. */
    private static final int WRITE_BYTES = 4096;

    private final boolean enabled;
    private final UnaryOperator<String> redactor;
    private final int maxBodyChars;
    private final OutputStream out;
    private final BlockingQueue<AccessLogEntry> queue;
    private final Counter dropped;
    private final Thread writer;
    private volatile boolean closing;

    private AccessLog(boolean enabled, UnaryOperator<String> redactor, int maxBodyChars, OutputStream out, int capacity,
                      MeterRegistry registry) {
        this.enabled = enabled;
        this.redactor = redactor;
        this.maxBodyChars = maxBodyChars;
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.dropped = Counter.builder("gatehouse_access_log_dropped")
                .description("Access log lines lost because the writer could not keep up").register(registry);
        this.writer = enabled ? Thread.ofPlatform().name("gatehouse-access-log").daemon().start(this::run) : null;
    }

    /** Metadata only, never bodies, to standard output. */
    public static AccessLog withoutBodies() {
        return new AccessLog(true, null, 0, System.out, DEFAULT_QUEUE, new SimpleMeterRegistry());
    }

    /** Bodies too, each passed through {@code redactor} and cut to {@code maxBodyChars}, to standard output. */
    public static AccessLog withBodies(UnaryOperator<String> redactor, int maxBodyChars) {
        if (redactor == null) {
            throw new IllegalArgumentException("Logging bodies needs a redaction function");
        }
        return new AccessLog(true, redactor, maxBodyChars, System.out, DEFAULT_QUEUE, new SimpleMeterRegistry());
    }

    /** No lines at all. */
    public static AccessLog off() {
        return new AccessLog(false, null, 0, null, 1, new SimpleMeterRegistry());
    }

    /**
     * As configured: {@code access.log.enabled} (default true), {@code access.log.file} (appended to; standard output
     * when unset), {@code access.log.bodies} (default false) with the given redactor, {@code access.log.bodies.max}
     * (default 4096 characters), {@code access.log.queue} (entries waiting for the writer, default 16,384).
     */
    public static AccessLog fromSettings(Settings settings, UnaryOperator<String> redactor, MeterRegistry registry) {
        if (!settings.getBoolean("access.log.enabled", true)) {
            return new AccessLog(false, null, 0, null, 1, registry);
        }
        boolean bodies = settings.getBoolean("access.log.bodies", false);
        if (bodies && redactor == null) {
            throw new IllegalArgumentException("Logging bodies needs a redaction function");
        }
        OutputStream out = settings.get("access.log.file").map(String::trim).filter(f -> !f.isEmpty())
                .map(AccessLog::append).orElse(System.out);
        return new AccessLog(true, bodies ? redactor : null, bodies ? settings.getInt("access.log.bodies.max", 4096) : 0,
                out, settings.getInt("access.log.queue", DEFAULT_QUEUE), registry);
    }

    private static OutputStream append(String file) {
        try {
            Path path = Path.of(file);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("Setting access.log.file: cannot append to '" + file + "': " + e.getMessage());
        }
    }

    /**
     * Masks everything the built-in policy detectors find (e-mail addresses, phone numbers, payment cards, IBANs,
     * national ids, IP addresses, API keys, private keys, tokens) with placeholders such as {@code [EMAIL_1]}: the
     * redaction to pass to {@link #fromSettings} or {@link #withBodies} when bodies are logged.
     */
    public static String redactWithDetectors(String text) {
        List<Finding> findings = new ArrayList<>();
        for (Detector detector : Detectors.standard().all()) {
            detector.scan(text, findings);
        }
        return new Redactor().redact(text, findings);
    }

    public boolean logsBodies() {
        return redactor != null;
    }

    /** The most body characters a line keeps (0 when bodies are not logged). */
    public int maxBodyChars() {
        return maxBodyChars;
    }

    /** Queues the entry's line (when the log is on); never blocks. */
    public void write(AccessLogEntry e) {
        if (!enabled) {
            return;
        }
        if (closing || !queue.offer(e)) {
            dropped.increment();
        }
    }

    private void run() {
        List<AccessLogEntry> batch = new ArrayList<>();
        ByteArrayOutputStream lines = new ByteArrayOutputStream(WRITE_BYTES * 2);
        LineBuffer line = new LineBuffer();
        boolean last = false;
        while (!last) {
            last = closing;
            if (!last) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS));
            }
            while (queue.drainTo(batch, 1024) > 0) {
                for (AccessLogEntry e : batch) {
                    line.reset();
                    try {
                        format(e, line);
                    } catch (RuntimeException failure) {
                        log.warn("Access log line not written: {}", failure.toString());
                        continue;
                    }
                    if (lines.size() > 0 && lines.size() + line.size() > WRITE_BYTES) {
                        flush(lines);
                    }
                    line.copyTo(lines);
                }
                batch.clear();
                flush(lines);
            }
        }
    }

    private void flush(ByteArrayOutputStream lines) {
        try {
            out.write(lines.toByteArray());
            out.flush();
        } catch (IOException e) {
            log.warn("Access log lines not written: {}", e.toString());
        }
        lines.reset();
    }

    /** Writes what is queued, then stops the writer (and closes the file, if it writes one). */
    @Override
    public void close() {
        closing = true;
        if (writer != null) {
            LockSupport.unpark(writer);
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (out != System.out) {
                try {
                    out.close();
                } catch (IOException e) {
                    log.warn("Closing the access log file: {}", e.toString());
                }
            }
        }
    }

    /**
     * Appends the entry as one line of JSON (UTF-8, ending in a newline); fields without a value are left out.
     * Written straight as bytes into the writer's reused buffer: a String per line cost about 3 KB of garbage.
     */
    public void format(AccessLogEntry e, ByteArrayOutputStream out) {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.setCharacterEscapes(ESCAPES);
            g.writeStartObject();
            string(g, "ts", e.timestamp == null ? null : e.timestamp.toString());
            string(g, "requestId", e.requestId);
            string(g, "traceId", e.traceId);
            string(g, "method", e.method);
            string(g, "path", e.path);
            g.writeNumberField("status", e.status);
            g.writeNumberField("durationMs", e.durationMs);
            number(g, "overheadMs", e.overheadMs);
            number(g, "firstChunkMs", e.firstChunkMs);
            string(g, "client", e.clientAddress);
            string(g, "userAgent", e.userAgent);
            string(g, "repoId", e.repoId);
            string(g, "repoAiApiKeyId", e.apiKeyId);
            string(g, "aiLlmId", e.aiLlmId);
            string(g, "provider", e.provider);
            string(g, "model", e.model);
            if (e.streamed != null) {
                g.writeBooleanField("stream", e.streamed);
            }
            number(g, "tokensIn", e.tokensIn);
            number(g, "tokensOut", e.tokensOut);
            string(g, "outcome", e.outcome);
            string(g, "errorKind", e.errorKind);
            string(g, "policyAction", e.policyAction);
            if (redactor != null) {
                string(g, "prompt", body(e.prompt));
                string(g, "completion", body(e.completion));
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        out.write('\n');
    }

    private String body(String text) {
        if (text == null) {
            return null;
        }
        String redacted = redactor.apply(text);
        return redacted.length() <= maxBodyChars ? redacted : redacted.substring(0, maxBodyChars) + "…";
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void number(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value);
        }
    }

    /** JSON's escapes, plus {@code \}{@code uXXXX} for every other control character ({@link ControlCharacters}). */
    private static final class ControlEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        ControlEscapes() {
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ControlCharacters.isControl(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }

    /** One formatted line, copied into the block being written without an intermediate array. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        LineBuffer() {
            super(512);
        }

        void copyTo(ByteArrayOutputStream block) {
            block.write(buf, 0, count);
        }
    }
}
