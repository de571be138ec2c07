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
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counters in Redis, shared by every node: one Lua script checks and adds every counter of a request in one round
 * trip, atomically, so concurrent requests on any number of nodes never admit more than the limit. Each counter is a
 * plain integer key that expires a minute after its window ends. A reservation may also grant leases: units added to
 * a counter for the caller to use later ({@link LeasedCounters}).
 *
 * <p>Commands go out through Lettuce's asynchronous API on one multiplexed connection per event loop of the gateway,
 * bound to that loop: a request's reservation is written, answered and decided on the request's own thread, with no
 * hand-off to another thread and back (a thread off those loops uses any of them). They fail at once while Redis is
 * unreachable (never queued), after {@code timeout} at the latest; each connection reconnects by itself. When a first
 * connection cannot be made, it is tried again at most once a second, on a request's behalf.
 */
public final class RedisCounters implements LimitCounters {
    /**
     * The share of what a counter has left that one lease may take at most: a lease never exceeds 1/64 of the room
     * left after the request's own amount, so limits of up to 64 requests (or 64 requests' tokens) are never leased,
     * and the leases every node holds shrink as a counter nears its limit (decision 0027).
     */
    static final int LEASE_SHARE = 64;

    /**
     * KEYS: first {@code ARGV[1]} counters to settle (given back by earlier requests), then the counters to reserve;
     * ARGV: after that count, the delta of each counter to settle, then for each to reserve its limit, amount, expiry
     * in ms and the lease wanted. Settles as {@link #SETTLE}; reads the others; refuses with the first at its limit
     * (1-based) when one is; else adds every amount and the lease granted on it — the lease wanted, at most
     * 1/{@link #LEASE_SHARE} of what is left after the amount, none below one unit — setting the expiry on counters
     * it creates. Answers admitted, refused, the values, and when admitted the leases.
     */
    static final String RESERVE = """
            local settled = tonumber(ARGV[1])
            for i = 1, settled do
              if redis.call('EXISTS', KEYS[i]) == 1 then
                redis.call('INCRBY', KEYS[i], ARGV[1 + i])
              end
            end
            local n = #KEYS - settled
            local a = 1 + settled
            local values = {}
            for i = 1, n do
              values[i] = tonumber(redis.call('GET', KEYS[settled + i]) or '0')
            end
            for i = 1, n do
              if values[i] >= tonumber(ARGV[a + 4 * i - 3]) then
                return {0, i, unpack(values)}
              end
            end
            local reply = {1, 0}
            for i = 1, n do
              local amount = tonumber(ARGV[a + 4 * i - 2])
              local lease = math.floor((tonumber(ARGV[a + 4 * i - 3]) - values[i] - amount) / %d)
              lease = math.min(lease, tonumber(ARGV[a + 4 * i]))
              if lease < 1 then
                lease = 0
              end
              local before = values[i]
              reply[2 + i] = redis.call('INCRBY', KEYS[settled + i], amount + lease)
              reply[2 + n + i] = lease
              if before == 0 then
                redis.call('PEXPIRE', KEYS[settled + i], ARGV[a + 4 * i - 1])
              end
            end
            return reply
            """.formatted(LEASE_SHARE);

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
    /** How long tokens given back may wait for the next reservation on their connection before going alone. */
    static final Duration GIVE_BACK_DELAY = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(RedisCounters.class);

    private final RedisURI uri;
    private final ClientResources resources;
    private final Clock clock;
    private final String reserveSha;
    private final String settleSha;
    private final Duration giveBackDelay;
    /** One per event loop of the gateway, or a single one on Lettuce's own event loop. */
    private final List<Link> links;

    /**
     * @param eventLoops the gateway's event loops (Vert.x's): one connection is bound to each, so a request's commands
     *                   are written and answered on its own thread; null, or loops of another transport than
     *                   Lettuce's, for one connection on Lettuce's own event loop
     */
    public RedisCounters(String url, Duration timeout, Clock clock, EventLoopGroup eventLoops) {
        this(url, timeout, clock, eventLoops, GIVE_BACK_DELAY);
    }

    RedisCounters(String url, Duration timeout, Clock clock, EventLoopGroup eventLoops, Duration giveBackDelay) {
        this.clock = clock;
        this.giveBackDelay = giveBackDelay;
        this.uri = RedisURI.create(url);
        // Reconnect attempts back off to one a second at most, so limits are shared again soon after Redis returns.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build();
        this.reserveSha = sha1(RESERVE);
        this.settleSha = sha1(SETTLE);
        List<Link> bound = new ArrayList<>();
        if (eventLoops != null && sharable(eventLoops)) {
            for (EventExecutor loop : eventLoops) {
                bound.add(new Link((EventLoop) loop, resources.mutate()
                        .eventLoopGroupProvider(new OneEventLoop((EventLoop) loop)).build(), options));
            }
        } else {
            if (eventLoops != null) {
                log.info("Limit counters: Redis is reached on Lettuce's own event loop (the gateway's event loops use "
                        + "another transport than Lettuce's {})", Transports.socketChannelClass().getSimpleName());
            }
            bound.add(new Link(null, resources, options));
        }
        this.links = List.copyOf(bound);
        links.forEach(Link::connect);
    }

    /** Whether Lettuce's channels (epoll when available, else NIO) can be registered on these event loops. */
    private static boolean sharable(EventLoopGroup eventLoops) {
        Class<? extends IoHandler> io = Transports.socketChannelClass() == EpollSocketChannel.class
                ? EpollIoHandler.class
                : Transports.socketChannelClass() == NioSocketChannel.class ? NioIoHandler.class : null;
        for (EventExecutor loop : eventLoops) {
            if (io == null || !(loop instanceof IoEventLoop ioLoop) || !ioLoop.isIoType(io)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public CompletionStage<Tally> reserve(List<Counter> counters) {
        return reserve(counters, null);
    }

    @Override
    public CompletionStage<Tally> reserve(List<Counter> counters, long[] wanted) {
        Link link = link();
        RedisAsyncCommands<String, String> redis = link.commands();
        if (redis == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
        }
        Map<String, Long> unsettled = link.takeUnsettled();
        int settled = unsettled.size();
        String[] keys = new String[settled + counters.size()];
        String[] args = new String[1 + settled + counters.size() * 4];
        args[0] = Integer.toString(settled);
        int k = 0;
        for (Map.Entry<String, Long> delta : unsettled.entrySet()) {
            keys[k] = delta.getKey();
            args[++k] = Long.toString(delta.getValue());
        }
        long now = clock.millis();
        for (int i = 0; i < counters.size(); i++) {
            Counter c = counters.get(i);
            keys[settled + i] = c.name();
            int a = 1 + settled + 4 * i;
            args[a] = Long.toString(c.limit());
            args[a + 1] = Long.toString(c.amount());
            args[a + 2] = Long.toString(Math.max(1, c.windowEnd() - now) + EXPIRY_SLACK_MILLIS);
            args[a + 3] = wanted == null ? "0" : Long.toString(wanted[i]);
        }
        return this.<List<Long>>run(redis, RESERVE, reserveSha, ScriptOutputType.MULTI, keys, args)
                .thenApply(reply -> {
                    int n = counters.size();
                    long[] values = new long[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = reply.get(i + 2);
                    }
                    if (reply.getFirst() != 1) {
                        return new Tally(false, (int) (reply.get(1) - 1), values);
                    }
                    long[] leases = new long[n];
                    for (int i = 0; i < n; i++) {
                        leases[i] = reply.get(n + i + 2);
                    }
                    return new Tally(true, -1, values, leases);
                });
    }

    /**
     * Tokens taken beyond the reservation are added at once (one script), so the next reservation on any node sees
     * them. Tokens given back ride with the next reservation on this connection, or go alone after
     * {@link #GIVE_BACK_DELAY}: until then the counters are higher than used, never lower.
     */
    @Override
    public void settle(List<Counter> counters, long[] deltas) {
        Link link = link();
        boolean taken = false;
        for (int i = 0; i < deltas.length; i++) {
            if (deltas[i] != 0) {
                link.addUnsettled(counters.get(i).name(), deltas[i]);
                taken |= deltas[i] > 0;
            }
        }
        if (taken) {
            link.settleNow();
        } else {
            link.settleLater();
        }
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

    /** The connection bound to the calling thread's event loop; any when called from another thread. */
    private Link link() {
        for (Link link : links) {
            if (link.loop != null && link.loop.inEventLoop()) {
                return link;
            }
        }
        return links.getFirst();
    }

    /** A connection to Redis, on one event loop: its commands are written and answered there. */
    private final class Link {
        private final EventLoop loop;
        private final ClientResources resources;
        private final RedisClient client;
        private final AtomicBoolean connecting = new AtomicBoolean();
        private volatile StatefulRedisConnection<String, String> connection;
        private volatile long lastAttemptMillis;
        /** Settlement deltas not sent yet, per counter; guarded by this. */
        private Map<String, Long> unsettled = new HashMap<>();
        private boolean settleScheduled;

        Link(EventLoop loop, ClientResources resources, ClientOptions options) {
            this.loop = loop;
            this.resources = resources;
            this.client = RedisClient.create(resources, uri);
            client.setOptions(options);
        }

        /** The open connection's commands, or null while there is none (a new attempt starts, at most once a second). */
        RedisAsyncCommands<String, String> commands() {
            StatefulRedisConnection<String, String> open = connection;
            if (open != null) {
                return open.async();
            }
            if (clock.millis() - lastAttemptMillis >= 1_000) {
                connect();
            }
            return null;
        }

        synchronized void addUnsettled(String counter, long delta) {
            unsettled.merge(counter, delta, Long::sum);
        }

        synchronized Map<String, Long> takeUnsettled() {
            if (unsettled.isEmpty()) {
                return Map.of();
            }
            Map<String, Long> taken = unsettled;
            unsettled = new HashMap<>();
            return taken;
        }

        /** Sends what waits to be settled in one script (lost, like a reservation, when Redis cannot be reached). */
        void settleNow() {
            synchronized (this) {
                settleScheduled = false;
            }
            Map<String, Long> deltas = takeUnsettled();
            RedisAsyncCommands<String, String> redis = commands();
            if (deltas.isEmpty() || redis == null) {
                return;
            }
            String[] keys = deltas.keySet().toArray(String[]::new);
            String[] args = new String[keys.length];
            for (int i = 0; i < keys.length; i++) {
                args[i] = Long.toString(deltas.get(keys[i]));
            }
            run(redis, SETTLE, settleSha, ScriptOutputType.INTEGER, keys, args);
        }

        /** Settles after the give-back delay unless a reservation takes the deltas along first. */
        void settleLater() {
            synchronized (this) {
                if (settleScheduled) {
                    return;
                }
                settleScheduled = true;
            }
            EventExecutorGroup executor = loop != null ? loop : resources.eventExecutorGroup();
            executor.schedule(this::settleNow, giveBackDelay.toMillis(), TimeUnit.MILLISECONDS);
        }

        void connect() {
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

        void close() {
            settleNow();
            StatefulRedisConnection<String, String> open = connection;
            if (open != null) {
                open.close();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            if (resources != RedisCounters.this.resources) {
                resources.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    /** Lettuce's event loops given as the one event loop a connection is bound to; never shut down by Lettuce. */
    private record OneEventLoop(EventLoop loop) implements EventLoopGroupProvider {
        @Override
        @SuppressWarnings("unchecked")
        public <T extends EventLoopGroup> T allocate(Class<T> type) {
            return (T) loop;
        }

        @Override
        public int threadPoolSize() {
            return 1;
        }

        @Override
        public io.netty.util.concurrent.Future<Boolean> release(EventExecutorGroup group, long quietPeriod,
                                                                 long timeout, TimeUnit unit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }

        @Override
        public io.netty.util.concurrent.Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }
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
        links.forEach(Link::close);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
