package io.gatehouse.platform.aillm;

import io.gatehouse.model.AiType;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.Fields;
import io.gatehouse.provider.ProviderAdapter;
import io.gatehouse.provider.Providers;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks and normalises the endpoint of a configuration: an http(s) base URL with a host, without credentials
 * (they belong in {@code secret}), query or fragment, and without a trailing slash. The stored endpoint is the
 * provider's base, and both ways people write it are accepted: OpenAI-type endpoints include their {@code /v1}
 * (as the OpenAI SDKs' base URL does; a bare host gets it added), while an Anthropic or Gemini endpoint given
 * with its API version ({@code …/v1}, {@code …/v1beta}) has it removed, because the version is part of each
 * request path. An AWS endpoint may be a region name, stored as the region's Bedrock runtime URL. {@link #note}
 * tells the caller when the stored form differs from what was sent.
 */
public final class Endpoints {
    static final int MAX_LENGTH = 2048;

    private Endpoints() {
    }

    /** The endpoint to store for {@code raw} (null: the type's default, required where there is none). */
    public static String resolve(String raw, AiType type) {
        ProviderAdapter adapter = Providers.find(type).orElse(null);
        if (raw == null) {
            if (type == AiType.AWS) {
                throw ApiException.badRequest("endpoint is required for aiType AWS: a region such as us-east-1, or the"
                        + " URL of a Bedrock endpoint");
            }
            if (adapter != null && adapter.defaultEndpoint() == null) {
                throw ApiException.badRequest("endpoint is required for aiType " + type + ": the base URL of the"
                        + " OpenAI-compatible server, such as http://localhost:11434/v1");
            }
            return defaultFor(type);
        }
        String value = Fields.optionalText(raw, "endpoint", MAX_LENGTH);
        if (adapter != null) {
            value = adapter.expandEndpoint(value);
        }
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
        if (adapter != null) {
            path = adapter.endpointPath(path);
        }
        return scheme + "://" + uri.getRawAuthority() + path;
    }

    /** Where the API of {@code type} lives when a configuration names no endpoint; null when there is no such place. */
    static String defaultFor(AiType type) {
        return Providers.find(type).map(ProviderAdapter::defaultEndpoint).orElse(null);
    }

    /**
     * A sentence for the API's answer when {@code stored} (what {@link #resolve} made of {@code raw}) is not what
     * the caller wrote, beyond a trailing slash or letter case; null when they match or no endpoint was sent.
     */
    public static String note(String raw, String stored, AiType type) {
        ProviderAdapter adapter = Providers.find(type).orElse(null);
        if (adapter == null || raw == null || raw.strip().replaceAll("/+$", "").equalsIgnoreCase(stored)) {
            return null;
        }
        return "endpoint stored as " + stored + " (" + adapter.endpointRule() + ")";
    }

    private static ApiException notAUrl() {
        return ApiException.invalid("endpoint must be an http(s) URL such as https://api.openai.com/v1");
    }
}
