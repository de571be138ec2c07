package io.gatehouse.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The production log format: one line per event, whatever a client or a provider put into the message. */
class LogbackSetupTest {
    static final String FORGED = "gpt-4o\r\n2026-01-01T00:00:00.000Z ERROR io.gatehouse.Gatehouse - forged\u001b[31m"
            + "\u007f\u0085\u009b\u2028\u2029\u202e\u2066\t";

    static String encode(String message, Throwable thrown, Object... arguments) {
        LoggerContext context = new LoggerContext();
        Encoder<ILoggingEvent> encoder = LogbackSetup.encoder(context);
        Logger logger = context.getLogger("io.gatehouse.test");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, message, thrown, arguments);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void controlCharactersInAMessageAndItsArgumentsAreEscaped() {
        String line = encode("Unknown model {} for key " + FORGED, null, FORGED);
        assertThat(line).endsWith(System.lineSeparator());
        String body = line.substring(0, line.length() - System.lineSeparator().length());
        assertThat(body).doesNotContainPattern("[\\p{Cc}\\p{Zl}\\p{Zp}\\p{Cf}]")
                .contains("gpt-4o\\r\\n2026-01-01T00:00:00.000Z ERROR", "forged\\u001B[31m\\u007F\\u0085\\u009B\\u2028"
                        + "\\u2029\\u202E\\u2066\\t")
                .contains(" WARN  io.gatehouse.test - Unknown model gpt-4o\\r\\n");
    }

    @Test
    void emojiAndJoinersAreLeftAlone() {
        assertThat(encode("Workspace {}", null, "team \uD83D\uDC69\u200D\uD83D\uDCBB café")).contains("team \uD83D\uDC69\u200D\uD83D\uDCBB café");
    }

    @Test
    void exceptionMessagesAreEscapedButTheStackTraceKeepsItsLines() {
        Exception cause = new IllegalStateException("upstream said\r\nERROR forged");
        String text = encode("Provider call failed", new UncheckedIOException("read failed\u001b]0;title\u0007",
                new IOException("wrapped", cause)));
        String[] lines = text.split(System.lineSeparator());
        assertThat(lines[0]).endsWith("- Provider call failed");
        assertThat(lines[1]).isEqualTo("java.io.UncheckedIOException: read failed\\u001B]0;title\\u0007");
        assertThat(text).contains("Caused by: java.lang.IllegalStateException: upstream said\\r\\nERROR forged")
                .doesNotContain("\r\nERROR forged").doesNotContain("\u001b");
        assertThat(lines).filteredOn(l -> l.startsWith("\tat ")).isNotEmpty();
    }
}
