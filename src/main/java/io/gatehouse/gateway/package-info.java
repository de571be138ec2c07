/**
 * The data plane (gateway listener, default {@code 0.0.0.0:8080}): health and readiness, and the
 * OpenAI-compatible {@code /v1} endpoints as a pipeline of small stages running on the event loop.
 */
package io.gatehouse.gateway;
