/**
 * {@code /aistats/requests}: the request log, one row per gateway request read from {@code usage_event} (time, key,
 * model, provider, status, outcome, latency, tokens, cost, what the policies did, the request id; never a prompt or
 * an answer), newest first and paged; and {@code /aistats/requests/summary}: latency percentiles and the status and
 * outcome breakdown of the newest requests of a window, read from a capped sample of the same rows (decision 0023).
 */
package io.gatehouse.platform.requests;
