package io.gatehouse.provider.gemini;

/**
 * Per-configuration settings of the Gemini translation.
 *
 * @param apiVersion the API version path segment ({@code v1beta} by default; newer SDKs call {@code v1})
 */
public record GeminiOptions(String apiVersion) {

    public static GeminiOptions defaults() {
        return new GeminiOptions("v1beta");
    }

    String modelPath(String model, String method) {
        return "/" + apiVersion + "/models/" + java.net.URLEncoder.encode(model, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + ":" + method;
    }
}
