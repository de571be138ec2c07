package io.gatehouse.provider;

import io.gatehouse.crypto.Secret;

import java.util.List;
import java.util.Map;

/**
 * Everything Gatehouse knows about one kind of provider, in one place: how to plan a call from each ingress, how the
 * key travels, how to list and read its catalog, how its errors read, which model names are its family, where its API
 * lives by default and how its endpoints are written, its OpenTelemetry name, and how the policy judge asks it.
 * {@link Providers} holds one per configuration type; the gateway, validation, routing and observability look it up
 * instead of switching on the type.
 */
public interface ProviderAdapter {

    /** The wire format spoken upstream. */
    WireFormat format();

    /**
     * The plan for a request of {@code ingress} to this provider; throws {@link TranslationException} when the
     * request cannot be expressed here (an embedding for a provider without embeddings).
     */
    PendingPlan plan(Ingress ingress, PlanRequest request, ProviderSettings settings);

    /**
     * Whether the provider counts a request's tokens itself (the {@link Ingress#countsTokens} ingresses are planned
     * here); where it does not, the gateway answers an estimate and calls nobody.
     */
    default boolean countsTokens() {
        return false;
    }

    /** The headers that carry the provider key; they print masked, and only the provider call should hold them. */
    List<Header> authHeaders(Secret apiKey);

    /**
     * How requests of a configuration with key id {@code keyId} (the Platform API's {@code key}, null when not given)
     * and secret {@code secret} are authenticated: by default the {@link #authHeaders} on every request. Providers
     * that sign each request (AWS SigV4) override it.
     */
    default RequestAuth auth(String keyId, Secret secret) {
        return RequestAuth.fixed(authHeaders(secret));
    }

    /**
     * How requests of a configuration with these {@code credentials}, stored with {@code endpoint}, are authenticated:
     * by default {@link #auth(String, Secret)} of its key id and secret. Providers with temporary credentials (AWS:
     * a session token, a role to assume) override it.
     */
    default RequestAuth auth(String endpoint, Credentials credentials) {
        return auth(credentials.keyId(), credentials.secret());
    }

    /** One page of the model catalog, from {@code cursor} (null for the first page). */
    UpstreamRequest catalogRequest(ProviderSettings settings, String cursor);

    /** Reads one catalog page. */
    ModelPage catalogPage(byte[] body) throws ModelListException;

    /** A provider error answer (before any stream byte) as an OpenAI-shaped client error. */
    GatewayError error(int status, Map<String, String> lowercaseHeaders, byte[] body);

    /**
     * The model-name prefixes of this provider's family, used to route a model no catalog lists; empty for the
     * family of every name no other provider claims.
     */
    List<String> familyPrefixes();

    /** The GenAI semantic conventions' {@code gen_ai.system}. */
    String genAiSystem();

    /** Where the API lives when a configuration names no endpoint; null when there is no such place. */
    String defaultEndpoint();

    /**
     * The stored path of an endpoint (already without a trailing slash): where the API version is part of every
     * request path it is removed, where it belongs to the base URL it is added to a bare host.
     */
    String endpointPath(String path);

    /**
     * The endpoint meant by what a configuration's {@code endpoint} says, before it is checked as a URL: by default
     * what was written; a provider may accept a shorthand (Bedrock: a region name for its standard hosts).
     */
    default String expandEndpoint(String written) {
        return written;
    }

    /**
     * The base URL the catalog is listed from, given the stored endpoint: by default the endpoint itself; Bedrock
     * lists models on its control-plane host, next to the runtime host requests go to.
     */
    default String catalogEndpoint(String endpoint) {
        return endpoint;
    }

    /** Why a stored endpoint may differ from what was written, for the API's answer. */
    String endpointRule();

    /** The {@link #endpointRule} of providers whose request paths carry the API version. */
    String VERSION_IN_EVERY_PATH = "the API version is part of each request path, so the endpoint is the bare host";

    /** How the policy judge's JSON question is phrased for {@code model}: by default at temperature 0. */
    default JudgeOptions judgeOptions(String model) {
        return new JudgeOptions(true, "max_completion_tokens");
    }

    /**
     * @param temperatureZero    send {@code temperature: 0} (some models refuse any temperature but their default)
     * @param maxTokensField     the name of the output limit field in an OpenAI-shaped request
     */
    record JudgeOptions(boolean temperatureZero, String maxTokensField) {
    }
}
