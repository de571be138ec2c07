package io.gatehouse.gateway.upstream;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.function.Consumer;

/**
 * The first-byte, idle and total deadlines of one upstream exchange with a single event-loop timer: body chunks only
 * note the time ({@link #activity()}); when the timer fires it checks which deadline passed and either reports it
 * once or sleeps again until the next one. Event-loop confined.
 */
public final class Deadlines implements Handler<Long> {
    /** Which deadline passed. */
    public enum Kind {
        FIRST_BYTE("did not start answering within"),
        IDLE("sent nothing for"),
        TOTAL("did not finish within");

        private final String phrase;

        Kind(String phrase) {
            this.phrase = phrase;
        }

        public String phrase() {
            return phrase;
        }
    }

    private final Vertx vertx;
    private final long firstByteNanos;
    private final long idleNanos;
    private final long totalDeadline;
    private final Consumer<Kind> onExpired;
    private long sentAt;
    private long lastActivity;
    private boolean answering;
    private long timer = -1;
    private boolean done;

    /**
     * @param startNanos when the client's request arrived: the total deadline counts from there
     */
    public Deadlines(Vertx vertx, Timeouts timeouts, long startNanos, Consumer<Kind> onExpired) {
        this.vertx = vertx;
        this.firstByteNanos = timeouts.firstByte().toNanos();
        this.idleNanos = timeouts.idle().toNanos();
        this.totalDeadline = startNanos + timeouts.total().toNanos();
        this.onExpired = onExpired;
    }

    /** A request went upstream (again, on a fallback): wait for its first byte. */
    public void requestSent() {
        sentAt = System.nanoTime();
        done = sentAt >= totalDeadline;
        answering = false;
        schedule(sentAt);
    }

    /** The response headers arrived: from now on the idle deadline applies. */
    public void firstByte() {
        answering = true;
        lastActivity = System.nanoTime();
    }

    public void activity() {
        lastActivity = System.nanoTime();
    }

    /** The exchange is over: no deadline will be reported. */
    public void cancel() {
        done = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    @Override
    public void handle(Long id) {
        timer = -1;
        if (done) {
            return;
        }
        long now = System.nanoTime();
        Kind kind = now >= totalDeadline ? Kind.TOTAL
                : !answering && now >= sentAt + firstByteNanos ? Kind.FIRST_BYTE
                : answering && now >= lastActivity + idleNanos ? Kind.IDLE : null;
        if (kind != null) {
            done = true;
            onExpired.accept(kind);
            return;
        }
        schedule(now);
    }

    private void schedule(long now) {
        if (done) {
            return;
        }
        long next = Math.min(totalDeadline, answering ? lastActivity + idleNanos : sentAt + firstByteNanos);
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        timer = vertx.setTimer(Math.max(1, (next - now + 999_999) / 1_000_000), this);
    }
}
