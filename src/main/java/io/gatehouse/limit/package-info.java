/**
 * Rate limits, token budgets and money budgets per repo key, repository and workspace, counted in fixed windows (a
 * UTC minute, day and month; decision 0012): {@link Limiter} turns the limits that apply to a request into
 * {@link Counter}s (from {@link CounterSpec}s built with the snapshot) and asks {@link LimitCounters} to reserve them in one step — in Redis through one Lua script when
 * {@code redis.url} is set ({@link RedisCounters}, shared by every node; {@link LeasedCounters} lets a node decide
 * most reservations of a busy key locally, from leases it was granted: decision 0027), else in this process
 * ({@link LocalCounters}, per node). Token and money counters (micro-dollars) are reserved from an estimate
 * ({@link TokenEstimate}, priced by the caller; an upper bound of it when the node's leases hold that,
{@link Limiter#reserveHeld}) and settled with the provider's real usage and its cost. Nothing
 * here blocks: Redis is reached through Lettuce's asynchronous API. See docs/limits.md.
 */
package io.gatehouse.limit;
