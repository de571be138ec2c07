package io.gatehouse.platform.aillm;

import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.Fields;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks and normalises the endpoint of a configuration: an http(s) base URL with a host, without credentials
 * (they belong in {@code secret}), query or fragment, and without a trailing slash. The stored endpoint is the
 * provider's base: OpenAI-type endpoints include their {@code /v1} (as the OpenAI SDKs' base URL does), while
 * an Anthropic or Gemini endpoint given with its API version ({@code …/v1}, {@code …/v1beta}) has it removed,
 * because the version is part of each request path.
 */
final class Endpoints {
    static final int MAX_LENGTH = 2048;

    private Endpoints() {
    }

    /** The endpoint to store for {@code raw} (null: the type's default, required where there is none). */
    static String resolve(String raw, AiType type) {
        if (raw == null) {
            if (type == AiType.OTHER) {
                throw ApiException.badRequest("endpoint is required for aiType OTHER: the base URL of the"
                        + " OpenAI-compatible server, such as http://localhost:11434/v1");
            }
            return type.defaultEndpoint();
        }
        String value = Fields.optionalText(raw, "endpoint", MAX_LENGTH);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw notAUrl();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.isOpaque()) {
            throw notAUrl();
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalid("endpoint must not contain credentials; give the API key as secret");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw ApiException.invalid("endpoint must be a base URL without query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (type == AiType.ANTHROPIC) {
            path = path.replaceAll("/v1$", "");
        } else if (type == AiType.GOOGLE) {
            path = path.replaceAll("/v1(beta)?$", "");
        }
        return scheme + "://" + uri.getRawAuthority() + path;
    }

    private static ApiException notAUrl() {
        return ApiException.invalid("endpoint must be an http(s) URL such as https://api.openai.com/v1");
    }
}
