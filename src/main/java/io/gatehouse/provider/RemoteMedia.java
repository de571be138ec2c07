package io.gatehouse.provider;

/**
 * An {@code http(s)} image a request refers to. Gemini's Developer API takes image bytes inline, so the gateway
 * fetches these first (asynchronously, with its own size, time and network limits) and hands the results to
 * the Gemini request translation.
 *
 * @param param where the image sits in the request, e.g. {@code messages[1].content[2]}
 */
public record RemoteMedia(String param, String url) {
}
