package io.gatehouse.limit;

/**
 * One counter a request is checked against: the limit of one dimension of one scope in the current window, and how
 * much the request adds to it (1 request, or its estimated tokens).
 *
 * @param name        the counter's name in Redis (and the in-process map): scope, owner, dimension and window start
 * @param windowEnd   when the window ends, epoch milliseconds: the reset time and the Redis key's expiry
 */
public record Counter(String name, Scope scope, Dimension dimension, long limit, long amount, long windowEnd) {

    static Counter of(Scope scope, String ownerId, Dimension dimension, long limit, long amount, long nowMillis) {
        Window window = dimension.window();
        return new Counter(CounterSpec.namePrefix(scope, ownerId, dimension) + window.start(nowMillis), scope,
                dimension, limit, amount, window.end(nowMillis));
    }
}
