package io.gatehouse.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads Gemini-native paths: {@code /v1beta/models/{model}:{method}} and {@code /v1beta/models[/{model}]}, the same
 * under {@code /v1} (newer Google GenAI SDKs call {@code /v1}). The model is everything between {@code models/} and
 * the last colon, percent-decoded, so {@code <configuration>/<model>} names work as on the other ingresses.
 */
final class GeminiPaths {
    /** A Gemini method call on a model; {@code api} is null for a method the gateway does not serve. */
    record Call(Api api, String model, String method) {
    }

    private GeminiPaths() {
    }

    static boolean isGemini(String path) {
        return path.startsWith("/v1beta/") || path.equals("/v1beta")
                || path.startsWith("/v1/models/") && path.indexOf(':') > 0;
    }

    /** The part after {@code /v1beta/models} or {@code /v1/models} ({@code ""}, or {@code /…}); null for other paths. */
    static String underModels(String path) {
        for (String prefix : new String[] {"/v1beta/models", "/v1/models"}) {
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return path.substring(prefix.length());
            }
        }
        return null;
    }

    /** {@code /…/models/{model}:{method}}; null when the path names no method. */
    static Call call(String path) {
        String rest = underModels(path);
        int colon = rest == null ? -1 : rest.lastIndexOf(':');
        if (colon <= 1) {
            return null;
        }
        String method = rest.substring(colon + 1);
        Api api = switch (method) {
            case "generateContent" -> Api.GEMINI_GENERATE;
            case "streamGenerateContent" -> Api.GEMINI_STREAM;
            case "countTokens" -> Api.GEMINI_COUNT_TOKENS;
            case "embedContent" -> Api.GEMINI_EMBED;
            case "batchEmbedContents" -> Api.GEMINI_BATCH_EMBED;
            default -> null;
        };
        return new Call(api, decode(rest.substring(1, colon)), method);
    }

    /** The model of {@code /…/models/{model}} (a GET of one model), or null. */
    static String modelOf(String path) {
        String rest = underModels(path);
        return rest == null || rest.length() <= 1 || rest.indexOf(':') >= 0 ? null : decode(rest.substring(1));
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }
}
