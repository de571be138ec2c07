/** Observability: the Prometheus metrics registry served at {@code /metrics}, tracing and the access log. */
package io.gatehouse.observe;
