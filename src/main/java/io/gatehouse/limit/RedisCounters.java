package io.gatehouse.limit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counters in Redis, shared by every node: one Lua script checks and adds every counter of a request in one round
 * trip, atomically, so concurrent requests on any number of nodes never admit more than the limit. Each counter is a
 * plain integer key that expires a minute after its window ends.
 *
 * <p>Commands go out on one multiplexed connection through Lettuce's asynchronous API and fail at once while Redis is
 * unreachable (never queued), after {@code timeout} at the latest; the connection reconnects by itself. When the first
 * connection cannot be made, it is tried again at most once a second, on a request's behalf.
 */
public final class RedisCounters implements LimitCounters {
    /**
     * KEYS: the counters; ARGV: for each, its limit, amount and expiry in ms. Reads all; refuses with the first at its
     * limit (1-based) when one is; else adds every amount, setting the expiry on counters it creates.
     */
    static final String RESERVE = """
            local n = #KEYS
            local values = {}
            for i = 1, n do
              values[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
            end
            for i = 1, n do
              if values[i] >= tonumber(ARGV[3 * i - 2]) then
                return {0, i, unpack(values)}
              end
            end
            for i = 1, n do
              local before = values[i]
              values[i] = redis.call('INCRBY', KEYS[i], ARGV[3 * i - 1])
              if before == 0 then
                redis.call('PEXPIRE', KEYS[i], ARGV[3 * i])
              end
            end
            return {1, 0, unpack(values)}
            """;

    /** KEYS: the counters; ARGV: the delta of each. A counter whose window expired is not brought back. */
    static final String SETTLE = """
            for i = 1, #KEYS do
              if redis.call('EXISTS', KEYS[i]) == 1 then
                redis.call('INCRBY', KEYS[i], ARGV[i])
              end
            end
            return 0
            """;

    private static final long EXPIRY_SLACK_MILLIS = 60_000;

    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient client;
    private final Clock clock;
    private final String reserveSha;
    private final String settleSha;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long lastAttemptMillis;

    public RedisCounters(String url, Duration timeout, Clock clock) {
        this.clock = clock;
        this.uri = RedisURI.create(url);
        // Reconnect attempts back off to one a second at most, so limits are shared again soon after Redis returns.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        this.reserveSha = sha1(RESERVE);
        this.settleSha = sha1(SETTLE);
        connect();
    }

    @Override
    public CompletionStage<Tally> reserve(List<Counter> counters) {
        RedisAsyncCommands<String, String> redis = commands();
        if (redis == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
        }
        String[] keys = new String[counters.size()];
        String[] args = new String[counters.size() * 3];
        long now = clock.millis();
        for (int i = 0; i < keys.length; i++) {
            Counter c = counters.get(i);
            keys[i] = c.name();
            args[3 * i] = Long.toString(c.limit());
            args[3 * i + 1] = Long.toString(c.amount());
            args[3 * i + 2] = Long.toString(Math.max(1, c.windowEnd() - now) + EXPIRY_SLACK_MILLIS);
        }
        return this.<List<Long>>run(redis, RESERVE, reserveSha, ScriptOutputType.MULTI, keys, args)
                .thenApply(reply -> {
                    long[] values = new long[keys.length];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = reply.get(i + 2);
                    }
                    return new Tally(reply.get(0) == 1, (int) (reply.get(1) - 1), values);
                });
    }

    @Override
    public void settle(List<Counter> counters, long[] deltas) {
        RedisAsyncCommands<String, String> redis = commands();
        if (redis == null) {
            return;
        }
        String[] keys = new String[counters.size()];
        String[] args = new String[counters.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = counters.get(i).name();
            args[i] = Long.toString(deltas[i]);
        }
        run(redis, SETTLE, settleSha, ScriptOutputType.INTEGER, keys, args);
    }

    /** EVALSHA, and EVAL (which loads the script) the first time a server does not know it. */
    private <T> CompletionStage<T> run(RedisAsyncCommands<String, String> redis, String script, String sha,
                                       ScriptOutputType type, String[] keys, String[] args) {
        return redis.<T>evalsha(sha, type, keys, args).handle((result, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(script, type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }

    /** The open connection's commands, or null while there is none (a new attempt starts, at most once a second). */
    private RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            return open.async();
        }
        if (clock.millis() - lastAttemptMillis >= 1_000) {
            connect();
        }
        return null;
    }

    private void connect() {
        if (!connecting.compareAndSet(false, true)) {
            return;
        }
        lastAttemptMillis = clock.millis();
        client.connectAsync(StringCodec.UTF8, uri)
                .whenComplete((open, failure) -> {
                    connecting.set(false);
                    if (failure == null) {
                        connection = open;
                    }
                });
    }

    /** The name Redis knows a script by (EVALSHA). */
    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            open.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
