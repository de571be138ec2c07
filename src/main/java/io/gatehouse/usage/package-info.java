/**
 * Usage: one {@link io.gatehouse.usage.UsageRecord} per gateway request, taken off the request path by the batching
 * {@link io.gatehouse.usage.UsageRecorder} and written by {@link io.gatehouse.usage.UsageStore} together with the
 * minute, hour and day roll-ups ({@link io.gatehouse.usage.Bucket}) in one transaction per batch;
 * {@link io.gatehouse.usage.UsageRetention} deletes what has outlived its retention. The statistics API reading the
 * roll-ups is {@code io.gatehouse.platform.stats}, the dashboards {@code io.gatehouse.platform.dashboard}.
 */
package io.gatehouse.usage;
