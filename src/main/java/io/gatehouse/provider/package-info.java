/**
 * The provider wire-format layer: pure translation between the OpenAI Chat Completions shape that {@code /v1}
 * speaks and the formats upstreams speak. No HTTP and no I/O lives here; the gateway feeds bytes in and writes
 * the bytes that come out.
 *
 * <p>This package holds what every format shares: {@link io.gatehouse.provider.WireFormat} (which format, which
 * auth headers), {@link io.gatehouse.provider.UpstreamRequest} (what to send, credentials excluded),
 * {@link io.gatehouse.provider.Usage}, the incremental {@link io.gatehouse.provider.SseParser},
 * {@link io.gatehouse.provider.StreamTranslator} (the contract of every stream state machine),
 * {@link io.gatehouse.provider.GatewayError} (a provider or translation failure already mapped to the status and
 * body the client gets), and the model catalog entry. One sub-package per wire format owns that format's request,
 * response, stream, error and model-list translation, so adding a provider touches one package.
 */
package io.gatehouse.provider;
