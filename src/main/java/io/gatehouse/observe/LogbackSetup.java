package io.gatehouse.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Gatehouse's logging configuration, in code: one line per event on standard output, level from
 * {@code GATEHOUSE_LOG_LEVEL} (default INFO), chatty libraries at WARN, control characters in messages and exception
 * messages escaped ({@link EscapedMessageConverter}, {@link EscapedThrowableConverter}) so that no line a client or a
 * provider can influence spans two lines or carries a terminal escape. Written in code because logback's XML
 * configurator brings an XML parser and about 450 classes into every process (metaspace and startup time).
 * An explicit logback configuration still wins: {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} or
 * {@code logback.xml} put on the classpath.
 */
public final class LogbackSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{24} - %msg%n%ex";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LogbackSetup.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null
                || loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder(context));
        stdout.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("GATEHOUSE_LOG_LEVEL"), Level.INFO));
        root.addAppender(stdout);
        for (String chatty : new String[] {"com.zaxxer.hikari", "org.flywaydb", "io.netty"}) {
            context.getLogger(chatty).setLevel(Level.WARN);
        }
        // Lettuce logs every reconnection attempt while Redis is away; the limiter says so once a minute instead.
        context.getLogger("io.lettuce.core.protocol").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The started encoder of every line: {@link #PATTERN} with the escaping converters. */
    static Encoder<ILoggingEvent> encoder(LoggerContext context) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("msg", EscapedMessageConverter::new);
        layout.getInstanceConverterMap().put("ex", EscapedThrowableConverter::new);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
