package io.gatehouse.observe;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.gatehouse.text.ControlCharacters;

/**
 * {@code %msg} with control characters escaped: a log message often quotes what a client or a provider sent (a model
 * name, a configuration name, a provider's error), and a CR, LF or ESC in it must not forge a log line or drive the
 * terminal of whoever reads the log. To keep this in an own logback configuration, declare
 * {@code <conversionRule conversionWord="msg" converterClass="io.gatehouse.observe.EscapedMessageConverter"/>}.
 */
public final class EscapedMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return ControlCharacters.escape(super.convert(event));
    }
}
