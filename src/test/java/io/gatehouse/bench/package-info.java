/**
 * Measurements run by hand, not by the test suite (see docs/performance.md): JMH benchmarks (the {@code bench}
 * Maven profile) and {@link io.gatehouse.bench.UsageRecorderThroughput}, a plain program measuring the usage
 * recorder against a real database.
 */
package io.gatehouse.bench;
