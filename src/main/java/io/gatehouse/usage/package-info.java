/**
 * Usage: one {@link io.gatehouse.usage.UsageRecord} per gateway request, taken off the request path by the batching
 * {@link io.gatehouse.usage.UsageRecorder} and written by {@link io.gatehouse.usage.UsageStore}; roll-ups and the
 * statistics queries build on those rows.
 */
package io.gatehouse.usage;
