/**
 * The v2 dashboard statistics ({@code /v2/stats/ai}, {@code /v2/stats/policies}, {@code /v2/stats/private-chat} and
 * their breakdowns): zero-filled time series over a fixed window with summary statistics, and totals per entity,
 * read from the usage and policy-rule roll-ups only (decision 0019), limited to what the caller may see.
 */
package io.gatehouse.platform.dashboard;
