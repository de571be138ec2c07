package io.gatehouse.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gatehouse.config.Settings;
import io.gatehouse.policy.detect.Detector;
import io.gatehouse.policy.detect.Detectors;
import io.gatehouse.policy.detect.Finding;
import io.gatehouse.policy.detect.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The structured access log: one JSON object per gateway request on the logger {@value #LOGGER} (written through an
 * asynchronous appender that drops rather than blocks; see logback.xml). Prompt and completion bodies are left out
 * unless body logging is switched on ({@code access.log.bodies}), and then they pass through a redaction function
 * (the policy detectors' masking) and are cut to {@code access.log.bodies.max} characters.
 */
public final class AccessLog {
    public static final String LOGGER = "gatehouse.access";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    private static final JsonFactory JSON = new JsonFactory();

    private final boolean enabled;
    private final UnaryOperator<String> redactor;
    private final int maxBodyChars;

    private AccessLog(boolean enabled, UnaryOperator<String> redactor, int maxBodyChars) {
        this.enabled = enabled;
        this.redactor = redactor;
        this.maxBodyChars = maxBodyChars;
    }

    /** Metadata only, never bodies. */
    public static AccessLog withoutBodies() {
        return new AccessLog(true, null, 0);
    }

    /** Bodies too, each passed through {@code redactor} and cut to {@code maxBodyChars}. */
    public static AccessLog withBodies(UnaryOperator<String> redactor, int maxBodyChars) {
        if (redactor == null) {
            throw new IllegalArgumentException("Logging bodies needs a redaction function");
        }
        return new AccessLog(true, redactor, maxBodyChars);
    }

    /**
     * As configured: {@code access.log.enabled} (default true), {@code access.log.bodies} (default false) with the
     * given redactor, {@code access.log.bodies.max} (default 4096 characters).
     */
    public static AccessLog fromSettings(Settings settings, UnaryOperator<String> redactor) {
        if (!settings.getBoolean("access.log.enabled", true)) {
            return new AccessLog(false, null, 0);
        }
        return settings.getBoolean("access.log.bodies", false)
                ? withBodies(redactor, settings.getInt("access.log.bodies.max", 4096))
                : withoutBodies();
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

    /** Writes the entry's line (when the log is on). */
    public void write(AccessLogEntry e) {
        if (enabled && log.isInfoEnabled()) {
            log.info(format(e));
        }
    }

    /** The entry as one line of JSON; fields without a value are left out. */
    public String format(AccessLogEntry e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
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
        return out.toString();
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
}
