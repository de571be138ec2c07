/**
 * The data plane (gateway listener, default {@code 0.0.0.0:8080}): health and readiness, and the OpenAI-compatible
 * {@code /v1} endpoints, Anthropic's ({@code /anthropic/v1}) and Gemini's ({@code /v1beta/models/…}) as a {@link io.gatehouse.gateway.Pipeline} of small
 * stages on the event loop — authenticate key, read body, read request, read attribution, resolve route — ending in the
 * {@link io.gatehouse.gateway.ProviderCall} (plan through the provider adapter, call, fall back, stream back, meter,
 * record usage). Keys and routes come from {@link io.gatehouse.gateway.snapshot} (which owns its loading SQL); the
 * routable data itself ({@code Upstream}, {@code Route}) is in {@code io.gatehouse.route}; the upstream client's helpers live in {@link io.gatehouse.gateway.upstream}.
 * {@link io.gatehouse.gateway.ProviderChat} makes Gatehouse's own chat calls (the policy judge, through
 * {@code policy.judge.ChatCompletions}) with the same planning and translation. Never depends on {@code platform}
 * ({@code ArchitectureTest}): it re-validates configurations through {@link io.gatehouse.gateway.ConfigurationValidation}.
 */
package io.gatehouse.gateway;
