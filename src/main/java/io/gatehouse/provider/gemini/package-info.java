/**
 * Google Gemini {@code generateContent} / {@code streamGenerateContent?alt=sse} (Developer API) for {@code /v1}
 * clients, registered as {@link io.gatehouse.provider.gemini.GeminiAdapter}: {@link io.gatehouse.provider.gemini.OpenAiToGeminiRequest} (in two steps when images must be fetched
 * first, so no I/O happens here), {@link io.gatehouse.provider.gemini.GeminiToOpenAiResponse} and {@link
 * io.gatehouse.provider.gemini.GeminiToOpenAiStream} back to OpenAI shapes with injectable ids and clock, {@link
 * io.gatehouse.provider.gemini.GeminiErrors} for every error shape Gemini uses, {@link
 * io.gatehouse.provider.gemini.GeminiEmbeddings} for {@code /v1/embeddings} and {@link
 * io.gatehouse.provider.gemini.GeminiModelCatalog} for the model list.
 */
package io.gatehouse.provider.gemini;
