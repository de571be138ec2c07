package io.gatehouse.route;

import java.net.URI;
import java.util.Locale;

/**
 * A configuration's base endpoint split for the HTTP client: scheme, host, port and the path every upstream
 * request path is appended to (OpenAI-type bases end in {@code /v1}; Anthropic and Gemini bases are bare hosts).
 */
public record Endpoint(boolean ssl, String host, int port, String basePath) {

    public static Endpoint parse(String url) {
        URI uri = URI.create(url);
        boolean ssl = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
        int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return new Endpoint(ssl, uri.getHost(), port, path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    /** The full URL of a path relative to the base, as a request signature covers it (the port only when not the default). */
    public String url(String relative) {
        boolean defaultPort = port == (ssl ? 443 : 80);
        return (ssl ? "https://" : "http://") + host
                + (defaultPort ? "" : ":" + port) + uri(relative);
    }

    /** The request URI for a path relative to the base (which may carry a query). */
    public String uri(String relative) {
        return basePath + relative;
    }
}
