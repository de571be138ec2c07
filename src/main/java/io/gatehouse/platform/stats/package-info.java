/**
 * {@code /aistats/minute} and {@code /aistats/daily}: usage statistics read from the minute and day roll-ups the
 * usage recorder keeps ({@link io.gatehouse.usage.Bucket}), filtered and limited to what the caller may see; and the
 * per-configuration totals behind {@code /ai/llm/stats}.
 */
package io.gatehouse.platform.stats;
