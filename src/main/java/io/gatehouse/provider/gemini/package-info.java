/**
 * Google Gemini {@code generateContent} / {@code streamGenerateContent?alt=sse} (Developer API) for {@code /v1}
 * clients, registered as {@link io.gatehouse.provider.gemini.GeminiAdapter}: {@link io.gatehouse.provider.gemini.OpenAiToGeminiRequest} (in two steps when images must be fetched
 * first, so no I/O happens here), {@link io.gatehouse.provider.gemini.GeminiToOpenAiResponse} and {@link
 * io.gatehouse.provider.gemini.GeminiToOpenAiStream} back to OpenAI shapes with injectable ids and clock, {@link
 * io.gatehouse.provider.gemini.GeminiErrors} for every error shape Gemini uses, {@link
 * io.gatehouse.provider.gemini.GeminiEmbeddings} for {@code /v1/embeddings} and {@link
 * io.gatehouse.provider.gemini.GeminiModelCatalog} for the model list. The Gemini-native ingress ({@code
 * /v1beta/models/{model}:…}): {@link io.gatehouse.provider.gemini.GeminiIngress} (pass-through to Gemini, and the
 * answer of a plan made through the OpenAI chat form), {@link io.gatehouse.provider.gemini.GeminiStreamRelay},
 * {@link io.gatehouse.provider.gemini.GeminiToOpenAiRequest}, {@link io.gatehouse.provider.gemini.OpenAiToGeminiResponse},
 * {@link io.gatehouse.provider.gemini.OpenAiToGeminiStream} and {@link io.gatehouse.provider.gemini.GeminiEmbedContent}.
 */
package io.gatehouse.provider.gemini;
