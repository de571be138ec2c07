/**
 * AI LLM configurations ({@code /ai/llm}): a workspace's connections to providers (OpenAI, Gemini, Anthropic,
 * any OpenAI-compatible server, AWS Bedrock), with their credentials sealed by
 * {@link io.gatehouse.crypto.SecretBox}. Validation ({@link io.gatehouse.platform.aillm.ProviderProbe}) calls the
 * provider's own models endpoint in its own wire format (parsed by the provider packages' model catalogs) and
 * records the outcome and the model catalog that routing uses.
 */
package io.gatehouse.platform.aillm;
