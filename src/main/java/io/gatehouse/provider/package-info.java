/**
 * The provider layer: pure translation between the OpenAI Chat Completions shape that {@code /v1} speaks (and the
 * Anthropic Messages shape of {@code /anthropic/v1/messages}, the Gemini-native shape of {@code /v1beta/models/…})
 * and the formats upstreams speak. No HTTP and no I/O
 * lives here; the gateway feeds bytes in and writes the bytes that come out.
 *
 * <p>{@link io.gatehouse.provider.Providers} is the registry: one {@link io.gatehouse.provider.ProviderAdapter} per
 * configuration type, which is all the rest of Gatehouse knows of a provider (request plans per
 * {@link io.gatehouse.provider.Ingress}, auth headers, catalog, errors, model family, endpoint rules, GenAI name,
 * judge options). This package also holds what every format shares: {@link io.gatehouse.provider.CallPlan} and
 * {@link io.gatehouse.provider.UpstreamRequest} (what to send, credentials excluded), {@link io.gatehouse.provider.Usage},
 * the incremental {@link io.gatehouse.provider.SseParser}, {@link io.gatehouse.provider.StreamTranslator} (the
 * contract of every stream state machine), {@link io.gatehouse.provider.GatewayError} (a provider or translation
 * failure already mapped to the status and body the client gets). One sub-package per provider holds its adapter and
 * its request, response, stream, error and model-list translation, translators named by direction
 * ({@code OpenAiToAnthropicRequest}, {@code AnthropicToOpenAiStream} …): adding a provider is one package and one
 * line in the registry. Depends only on {@code model} and {@code crypto} ({@code ArchitectureTest}).
 */
package io.gatehouse.provider;
