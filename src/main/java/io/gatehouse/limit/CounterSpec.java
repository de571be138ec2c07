package io.gatehouse.limit;

/**
 * One limit of one scope, read once from the snapshot: what a request's {@link Counter} on it is made of, with the
 * counter's name for the current window kept until that window ends, so the request path builds no name and reads
 * no calendar.
 */
final class CounterSpec {
    final Scope scope;
    final Dimension dimension;
    final long limit;
    /** The limit as the {@code x-ratelimit-limit-*} headers write it. */
    final String limitText;
    private final String namePrefix;
    /** The window last asked for; replaced (never changed) when a request falls in another one. */
    private volatile Named current;

    /** The reset header last written: it changes once a second. */
    private volatile Reset reset;

    private record Named(long start, long end, String name) {
    }

    private record Reset(long seconds, String text) {
    }

    CounterSpec(Scope scope, String ownerId, Dimension dimension, long limit) {
        this.scope = scope;
        this.dimension = dimension;
        this.limit = limit;
        this.limitText = Long.toString(limit);
        this.namePrefix = namePrefix(scope, ownerId, dimension);
    }

    /** The counter's name up to the window's start: {@code gatehouse:limit:<scope>:<owner id>:<field>:}. */
    static String namePrefix(Scope scope, String ownerId, Dimension dimension) {
        return "gatehouse:limit:" + scope.label() + ":" + ownerId + ":" + dimension.field() + ":";
    }

    /** The counter of the window holding {@code nowMillis}, adding {@code amount}. */
    Counter counter(long amount, long nowMillis) {
        Named named = current;
        if (named == null || nowMillis < named.start || nowMillis >= named.end) {
            Window window = dimension.window();
            long start = window.start(nowMillis);
            named = new Named(start, window.end(nowMillis), namePrefix + start);
            current = named;
        }
        return new Counter(named.name, scope, dimension, limit, amount, named.end);
    }

    /** {@code seconds} as the reset headers write it ({@link Limiter#duration}), built once per distinct value. */
    String resetText(long seconds) {
        Reset last = reset;
        if (last == null || last.seconds != seconds) {
            last = new Reset(seconds, Limiter.duration(seconds));
            reset = last;
        }
        return last.text;
    }
}
