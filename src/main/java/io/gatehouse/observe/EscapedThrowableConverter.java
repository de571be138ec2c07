package io.gatehouse.observe;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.gatehouse.text.ControlCharacters;

import java.util.Arrays;

/**
 * {@code %ex} with control characters escaped in each exception's message (parser errors quote the input, I/O errors
 * the peer's words); the stack trace keeps its own line breaks. To keep this in an own logback configuration, declare
 * {@code <conversionRule conversionWord="ex" converterClass="io.gatehouse.observe.EscapedThrowableConverter"/>}.
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return super.throwableProxyToString(new Escaped(proxy));
    }

    /** The same throwable, its message (and its causes' and suppressed ones') escaped. */
    private record Escaped(IThrowableProxy proxy) implements IThrowableProxy {
        private static IThrowableProxy of(IThrowableProxy proxy) {
            return proxy == null ? null : new Escaped(proxy);
        }

        @Override
        public String getMessage() {
            return ControlCharacters.escape(proxy.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return ControlCharacters.escape(proxy.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return of(proxy.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            return suppressed == null ? null : Arrays.stream(suppressed).map(Escaped::of).toArray(IThrowableProxy[]::new);
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
