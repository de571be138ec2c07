package io.gatehouse.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

import java.util.ArrayList;
import java.util.List;

/**
 * A logback appender (configured in {@code logback-test.xml}) keeping every log line of the test JVM in memory,
 * so tests can check that no secret was ever logged.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {
    private static final List<String> LINES = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        synchronized (LINES) {
            LINES.add(line.toString());
        }
    }

    /** The lines logged so far that contain {@code text}, joined; empty when none. */
    public static String matching(String text) {
        synchronized (LINES) {
            return String.join("\n", LINES.stream().filter(l -> l.contains(text)).toList());
        }
    }

    /** Everything logged so far in this JVM, as one string. */
    public static String all() {
        synchronized (LINES) {
            return String.join("\n", LINES);
        }
    }
}
