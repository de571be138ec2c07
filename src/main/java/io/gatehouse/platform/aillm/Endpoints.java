package io.gatehouse.platform.aillm;

import io.gatehouse.model.AiType;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.Fields;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks and normalises the endpoint of a configuration: an http(s) base URL with a host, without credentials
 * (they belong in {@code secret}), query or fragment, and without a trailing slash. The stored endpoint is the
 * provider's base, and both ways people write it are accepted: OpenAI-type endpoints include their {@code /v1}
 * (as the OpenAI SDKs' base URL does; a bare host gets it added), while an Anthropic or Gemini endpoint given
 * with its API version ({@code …/v1}, {@code …/v1beta}) has it removed, because the version is part of each
 * request path. {@link #note} tells the caller when the stored form differs from what was sent.
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
        } else if (path.isEmpty() && (type == AiType.OPENAI || type == AiType.OTHER)) {
            path = "/v1";
        }
        return scheme + "://" + uri.getRawAuthority() + path;
    }

    /**
     * A sentence for the API's answer when {@code stored} (what {@link #resolve} made of {@code raw}) is not what
     * the caller wrote, beyond a trailing slash or letter case; null when they match or no endpoint was sent.
     */
    static String note(String raw, String stored, AiType type) {
        if (raw == null || raw.strip().replaceAll("/+$", "").equalsIgnoreCase(stored)) {
            return null;
        }
        String why = switch (type) {
            case ANTHROPIC, GOOGLE -> "the API version is part of each request path, so the endpoint is the bare host";
            default -> "OpenAI-compatible endpoints include their API version, as the OpenAI SDKs' base URL does";
        };
        return "endpoint stored as " + stored + " (" + why + ")";
    }

    private static ApiException notAUrl() {
        return ApiException.invalid("endpoint must be an http(s) URL such as https://api.openai.com/v1");
    }
}
