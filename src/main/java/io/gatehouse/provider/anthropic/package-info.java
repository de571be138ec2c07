/**
 * Anthropic Messages, both directions; {@link io.gatehouse.provider.anthropic.AnthropicAdapter} is its entry in the
 * provider registry.
 *
 * <p>{@code /v1} clients (OpenAI shape) to Anthropic upstreams: {@link
 * io.gatehouse.provider.anthropic.OpenAiToAnthropicRequest} builds the Messages request, {@link
 * io.gatehouse.provider.anthropic.AnthropicToOpenAiResponse} and {@link
 * io.gatehouse.provider.anthropic.AnthropicToOpenAiStream} bring answers back, {@link
 * io.gatehouse.provider.anthropic.AnthropicErrors} maps failures (529 → 503, credential failures → 502).
 *
 * <p>The {@code /anthropic/v1/messages} ingress (Anthropic shape): to an Anthropic upstream it passes through
 * unchanged ({@link io.gatehouse.provider.anthropic.AnthropicBody}, {@link
 * io.gatehouse.provider.anthropic.AnthropicStreamRelay}); to an OpenAI-shaped path {@link
 * io.gatehouse.provider.anthropic.AnthropicToOpenAiRequest} builds the OpenAI request (which the Gemini translator can take
 * further) and {@link io.gatehouse.provider.anthropic.OpenAiToAnthropicResponse} / {@link
 * io.gatehouse.provider.anthropic.OpenAiToAnthropicStream} turn OpenAI answers into Anthropic ones.
 */
package io.gatehouse.provider.anthropic;
