/**
 * The data plane (gateway listener, default {@code 0.0.0.0:8080}): health and readiness, and the OpenAI-compatible
 * {@code /v1} endpoints (plus {@code /anthropic/v1/messages}) as a {@link io.gatehouse.gateway.Pipeline} of small
 * stages on the event loop — authenticate key, read body, read request, resolve route — ending in the
 * {@link io.gatehouse.gateway.ProviderCall} (translate, call, stream back, meter, record usage). Keys and routes come
 * from {@link io.gatehouse.gateway.snapshot}; the upstream client's helpers live in {@link io.gatehouse.gateway.upstream}.
 * {@link io.gatehouse.gateway.ProviderChat} makes Gatehouse's own chat calls (the policy judge) with the same planning
 * and translation.
 */
package io.gatehouse.gateway;
