/**
 * Observability: the Prometheus registry served at {@code /metrics} ({@link io.gatehouse.observe.Metrics}), where the
 * gateway reports each finished request ({@link io.gatehouse.observe.GatewayObserver}), the gateway's request meters
 * ({@link io.gatehouse.observe.GatewayMetrics}), OpenTelemetry tracing with GenAI semantic-convention attributes
 * ({@link io.gatehouse.observe.Tracing}, {@link io.gatehouse.observe.RequestSpan},
 * {@link io.gatehouse.observe.GenAiSpan}), the structured JSON access log ({@link io.gatehouse.observe.AccessLog}) and the
 * process's logging setup ({@link io.gatehouse.observe.LogbackSetup}).
 */
package io.gatehouse.observe;
