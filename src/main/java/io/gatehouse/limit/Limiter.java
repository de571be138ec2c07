package io.gatehouse.limit;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.Settings;
import io.micrometer.core.instrument.Counter.Builder;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether a request may go on under the limits of its key, repository and workspace: one reservation of every
 * counter that applies (one Redis round trip when the counters are shared and this node's leases do not cover it),
 * the {@code x-ratelimit-*} headers the answer carries (this node's view of the counters), and a {@link Reservation}
 * to settle with the provider's usage. When the counters cannot be reached, {@code limits.redis.failure} decides:
 * {@code open} lets the request through uncounted, {@code closed} refuses it; either way it is counted in
 * {@code gatehouse_limit_counter_failures_total} and logged at most once a minute.
 */
public final class Limiter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Limiter.class);
    private static final long LOG_INTERVAL_MILLIS = 60_000;
    private static final String LIMIT_REQUESTS = "x-ratelimit-limit-requests";
    private static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";
    private static final String RESET_REQUESTS = "x-ratelimit-reset-requests";
    private static final String LIMIT_TOKENS = "x-ratelimit-limit-tokens";
    private static final String REMAINING_TOKENS = "x-ratelimit-remaining-tokens";
    private static final String RESET_TOKENS = "x-ratelimit-reset-tokens";

    /** What to do when the counters cannot be reached. */
    public enum OnFailure { OPEN, CLOSED }

    /** How a reservation ended. */
    public enum Verdict {
        ADMITTED,
        /** A limit is used up: 429. */
        LIMITED,
        /** The counters could not be reached and {@code limits.redis.failure=open}: let through, not counted. */
        UNCOUNTED,
        /** The counters could not be reached and {@code limits.redis.failure=closed}: 503. */
        UNAVAILABLE
    }

    /**
     * @param refused           the counter at its limit ({@link Verdict#LIMITED} only)
     * @param retryAfterSeconds when that counter's window ends, in whole seconds (at least 1)
     * @param headers           the {@code x-ratelimit-*} headers for the answer (none when not counted)
     */
    public record Decision(Verdict verdict, Counter refused, long retryAfterSeconds, Map<String, String> headers,
                           Reservation reservation) {
    }

    private final LimitCounters counters;
    private final OnFailure onFailure;
    private final Clock clock;
    private final MeterRegistry registry;
    private final io.micrometer.core.instrument.Counter failures;
    private final AtomicLong lastFailureLogged = new AtomicLong(Long.MIN_VALUE / 2);

    public Limiter(LimitCounters counters, OnFailure onFailure, Clock clock, MeterRegistry registry) {
        this.counters = counters;
        this.onFailure = onFailure;
        this.clock = clock;
        this.registry = registry;
        this.failures = io.micrometer.core.instrument.Counter.builder("gatehouse_limit_counter_failures_total")
                .description("Requests whose limit counters could not be reached (Redis down or slow); "
                        + "limits.redis.failure says whether they were let through")
                .tag("failure", onFailure.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }

    /**
     * Counters in Redis when {@code redisUrl} is set (shared by every node, with local leases: {@link LeasedCounters}),
     * else in this process (per node);
     * {@code limits.redis.failure} ({@code open}|{@code closed}) and {@code limits.redis.timeout} from settings;
     * {@code eventLoops}: the gateway's, which the Redis connections are bound to (see {@link RedisCounters}).
     */
    public static Limiter from(Settings settings, Optional<String> redisUrl, EventLoopGroup eventLoops, Clock clock,
                               MeterRegistry registry) {
        String failure = settings.get("limits.redis.failure", "open").trim().toLowerCase(Locale.ROOT);
        if (!failure.equals("open") && !failure.equals("closed")) {
            throw new ConfigException("limits.redis.failure must be open or closed, not '" + failure + "'");
        }
        Duration timeout = settings.getDuration("limits.redis.timeout", Duration.ofMillis(250));
        LimitCounters counters = redisUrl.<LimitCounters>map(url -> new LeasedCounters(
                        new RedisCounters(url, timeout, clock, eventLoops), clock))
                .orElseGet(() -> new LocalCounters(clock));
        return new Limiter(counters, OnFailure.valueOf(failure.toUpperCase(Locale.ROOT)), clock, registry);
    }

    /**
     * Reserves one request, {@code tokens} estimated tokens and {@code costMicros} estimated micro-dollars against
     * every limit of {@code scopes}.
     */
    public CompletionStage<Decision> reserve(LimitedScopes scopes, long tokens, long costMicros) {
        CounterSpec[] specs = scopes.specs();
        List<Counter> list = counters(specs, tokens, costMicros, clock.millis());
        CompletionStage<LimitCounters.Tally> tally;
        try {
            tally = counters.reserve(list);
        } catch (RuntimeException e) {
            tally = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<LimitCounters.Tally> done = tally.toCompletableFuture();
        if (done.isDone() && !done.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(decide(specs, list, done.join(), clock.millis()));
        }
        return tally.handle((t, failure) -> failure == null ? decide(specs, list, t, clock.millis())
                : unreachable(failure));
    }

    /**
     * As {@link #reserve}, decided at once from what this node holds already (its leases, see {@link LeasedCounters}),
     * or {@code null} — nothing taken — when that does not cover every amount. Such a request is admitted whatever
     * its amounts, as long as they are covered: so a caller may offer an upper bound of its estimate here and compute
     * the exact estimate only when this answers {@code null}.
     */
    public Decision reserveHeld(LimitedScopes scopes, long tokens, long costMicros) {
        CounterSpec[] specs = scopes.specs();
        long now = clock.millis();
        List<Counter> list = counters(specs, tokens, costMicros, now);
        LimitCounters.Tally held = counters.reserveHeld(list);
        return held == null ? null : decide(specs, list, held, now);
    }

    /** The request's counters, in the order of {@code specs}. */
    private static List<Counter> counters(CounterSpec[] specs, long tokens, long costMicros, long now) {
        List<Counter> list = new ArrayList<>(specs.length);
        for (CounterSpec spec : specs) {
            long amount = switch (spec.dimension.measure()) {
                case REQUESTS -> 1;
                case TOKENS -> tokens;
                case MICRO_DOLLARS -> costMicros;
            };
            list.add(spec.counter(amount, now));
        }
        return list;
    }

    private Decision decide(CounterSpec[] specs, List<Counter> list, LimitCounters.Tally tally, long now) {
        Map<String, String> headers = headers(specs, list, tally.values(), now);
        if (!tally.admitted()) {
            Counter refused = list.get(tally.refused());
            registry.counter("gatehouse_limit_refusals_total", "scope", refused.scope().label(),
                    "limit", refused.dimension().field()).increment();
            return new Decision(Verdict.LIMITED, refused, secondsUntil(refused.windowEnd(), now), headers,
                    Reservation.NONE);
        }
        return new Decision(Verdict.ADMITTED, null, 0, headers, new Reservation(counters, list));
    }

    private Decision unreachable(Throwable failure) {
        failures.increment();
        long now = clock.millis();
        long last = lastFailureLogged.get();
        if (now - last >= LOG_INTERVAL_MILLIS && lastFailureLogged.compareAndSet(last, now)) {
            log.warn("The limit counters cannot be reached ({}); requests are {} until they can "
                            + "(limits.redis.failure={}, counted in gatehouse_limit_counter_failures_total)",
                    failure.getMessage(), onFailure == OnFailure.OPEN ? "let through uncounted" : "refused with 503",
                    onFailure.name().toLowerCase(Locale.ROOT));
        }
        return new Decision(onFailure == OnFailure.OPEN ? Verdict.UNCOUNTED : Verdict.UNAVAILABLE, null, 1, Map.of(),
                Reservation.NONE);
    }

    /**
     * The {@code x-ratelimit-*-requests} headers from the tightest request counter (least left), the
     * {@code -tokens} ones from the tightest token counter (per minute, day or month), each present when such a
     * limit applies. Remaining counts what is left after this request's reservation. Money budgets have no headers
     * (OpenAI defines none).
     */
    private static Map<String, String> headers(CounterSpec[] specs, List<Counter> list, long[] values, long now) {
        int requests = tightest(list, values, Dimension.Measure.REQUESTS);
        int tokens = tightest(list, values, Dimension.Measure.TOKENS);
        if (requests < 0 && tokens < 0) {
            return Map.of();
        }
        if (tokens < 0) {
            return Map.of(LIMIT_REQUESTS, specs[requests].limitText, REMAINING_REQUESTS,
                    remaining(list, values, requests), RESET_REQUESTS, reset(specs, list, requests, now));
        }
        if (requests < 0) {
            return Map.of(LIMIT_TOKENS, specs[tokens].limitText, REMAINING_TOKENS, remaining(list, values, tokens),
                    RESET_TOKENS, reset(specs, list, tokens, now));
        }
        return Map.of(LIMIT_REQUESTS, specs[requests].limitText, REMAINING_REQUESTS,
                remaining(list, values, requests), RESET_REQUESTS, reset(specs, list, requests, now),
                LIMIT_TOKENS, specs[tokens].limitText, REMAINING_TOKENS, remaining(list, values, tokens),
                RESET_TOKENS, reset(specs, list, tokens, now));
    }

    /** The counter of {@code measure} with least left, or -1 when none counts it. */
    private static int tightest(List<Counter> list, long[] values, Dimension.Measure measure) {
        int tightest = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).dimension().measure() == measure && (tightest < 0
                    || list.get(i).limit() - values[i] < list.get(tightest).limit() - values[tightest])) {
                tightest = i;
            }
        }
        return tightest;
    }

    private static String remaining(List<Counter> list, long[] values, int i) {
        return Long.toString(Math.max(0, list.get(i).limit() - values[i]));
    }

    private static String reset(CounterSpec[] specs, List<Counter> list, int i, long now) {
        return specs[i].resetText(secondsUntil(list.get(i).windowEnd(), now));
    }

    static long secondsUntil(long endMillis, long now) {
        return Math.max(1, (endMillis - now + 999) / 1000);
    }

    /** A duration the way OpenAI writes its reset headers: {@code 12s}, {@code 6m0s}, {@code 5h3m2s}. */
    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? h + "h" + m + "m" + s + "s" : m > 0 ? m + "m" + s + "s" : s + "s";
    }

    @Override
    public void close() {
        counters.close();
    }
}
