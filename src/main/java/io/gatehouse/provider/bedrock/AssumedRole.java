package io.gatehouse.provider.bedrock;

import io.gatehouse.provider.CredentialsUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A role's temporary credentials (STS AssumeRole, decision 0021), cached and renewed {@link #REFRESH_AHEAD} before
 * they expire, always off the request path: {@link #current()} never blocks — when the credentials are due it starts a
 * renewal on a virtual thread and signs with those at hand; a renewal is also scheduled ahead of expiry, so a quiet
 * configuration finds fresh credentials too. A renewal that fails keeps the credentials still valid (tried again after
 * {@link #RETRY_PAUSE}); once they have expired, requests go out with them and AWS refuses them (403
 * {@code ExpiredTokenException}: the gateway's 502 and the re-validation that marks the configuration failing), and
 * validation ({@link #prepare()}) says why STS did not renew them. One instance per role and source credentials is
 * shared by every snapshot and by validation ({@link #shared}); one unused for {@link #IDLE_LIMIT} stops renewing and
 * is dropped.
 */
final class AssumedRole implements AwsCredentialSource {
    private static final Logger log = LoggerFactory.getLogger(AssumedRole.class);
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
    static final Duration RETRY_PAUSE = Duration.ofSeconds(30);
    static final Duration IDLE_LIMIT = Duration.ofHours(24);
    private static final Map<Sts, AssumedRole> SHARED = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService AHEAD = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("bedrock-sts-ahead").factory());

    /** The STS call (blocking). */
    @FunctionalInterface
    interface Sts {
        Temporary assume() throws CredentialsUnavailable;
    }

    /** Runs a task after a real-time delay. */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    /** Temporary credentials and when they expire. */
    record Temporary(AwsSessionCredentialsIdentity identity, Instant expiration) {
        @Override
        public String toString() {
            return "Temporary{" + identity.accessKeyId() + " until " + expiration + "}";
        }
    }

    private final Sts sts;
    private final Clock clock;
    private final Scheduler ahead;
    private final Runnable dropped;
    private final AtomicReference<CompletableFuture<Temporary>> renewing = new AtomicReference<>();
    private volatile Temporary current;
    private volatile Instant lastUsed;
    private volatile Instant pausedUntil = Instant.MIN;

    AssumedRole(Sts sts, Clock clock, Scheduler ahead, Runnable dropped) {
        this.sts = sts;
        this.clock = clock;
        this.ahead = ahead;
        this.dropped = dropped;
        this.lastUsed = clock.instant();
    }

    /** The one instance for this role and these source credentials. */
    static AssumedRole shared(Sts sts, Clock clock) {
        return SHARED.computeIfAbsent(sts, key -> new AssumedRole(key, clock,
                (task, delay) -> AHEAD.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS),
                () -> SHARED.remove(key)));
    }

    @Override
    public AwsCredentialsIdentity current() {
        Instant now = clock.instant();
        lastUsed = now;
        Temporary held = current;
        if ((held == null || due(held, now)) && !now.isBefore(pausedUntil)) {
            renew();
        }
        return held == null ? null : held.identity();
    }

    @Override
    public void prepare() throws CredentialsUnavailable {
        Instant now = clock.instant();
        lastUsed = now;
        Temporary held = current;
        if (held != null && !due(held, now)) {
            return;
        }
        try {
            renew().join();
        } catch (CompletionException e) {
            if (held != null && now.isBefore(held.expiration())) {
                return; // not renewed, but still valid
            }
            throw e.getCause() instanceof CredentialsUnavailable unavailable ? unavailable
                    : new CredentialsUnavailable("The role could not be assumed: " + e.getCause());
        }
    }

    private static boolean due(Temporary held, Instant now) {
        return !now.isBefore(held.expiration().minus(REFRESH_AHEAD));
    }

    /** Starts a renewal on a virtual thread unless one is running; both callers get the same result. */
    CompletableFuture<Temporary> renew() {
        CompletableFuture<Temporary> started = new CompletableFuture<>();
        CompletableFuture<Temporary> running = renewing.compareAndExchange(null, started);
        if (running != null) {
            return running;
        }
        Thread.ofVirtual().name("bedrock-sts").start(() -> {
            Temporary fresh = null;
            Throwable failure = null;
            try {
                fresh = sts.assume();
                current = fresh;
                pausedUntil = Instant.MIN;
                scheduleAhead(fresh, Duration.between(clock.instant(), fresh.expiration().minus(REFRESH_AHEAD)));
            } catch (CredentialsUnavailable | RuntimeException e) {
                failure = e;
                pausedUntil = clock.instant().plus(RETRY_PAUSE);
                Temporary held = current;
                log.warn("Could not renew the temporary AWS credentials of {}: {}; {}", sts, e.getMessage(),
                        held == null ? "requests stay unsigned" : "signing with those valid until " + held.expiration());
            } finally {
                renewing.set(null);
            }
            if (failure == null) {
                started.complete(fresh);
            } else {
                started.completeExceptionally(failure);
            }
        });
        return started;
    }

    /** Renews {@code fresh} after {@code delay} unless something renewed it first or nobody used it for long. */
    private void scheduleAhead(Temporary fresh, Duration delay) {
        ahead.schedule(() -> {
            if (Duration.between(lastUsed, clock.instant()).compareTo(IDLE_LIMIT) > 0) {
                dropped.run();
            } else if (current == fresh) {
                renew().exceptionally(e -> {
                    if (clock.instant().isBefore(fresh.expiration())) {
                        scheduleAhead(fresh, RETRY_PAUSE); // again while they hold
                    }
                    return null;
                });
            }
        }, delay);
    }
}
