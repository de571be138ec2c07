package io.gatehouse.route;

import io.gatehouse.crypto.Secret;
import io.gatehouse.model.AiType;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.model.price.PriceList;
import io.gatehouse.provider.Credentials;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.RequestAuth;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.ProviderAdapter;
import io.gatehouse.provider.Providers;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;

import java.util.List;
import java.util.Map;

/**
 * One AI LLM configuration as the gateway uses it: where to send requests, in which wire format, with which
 * credential (the opened secret, which prints masked; the adapter turns it into each request's authentication, and it is scrubbed from
 * every provider error text), and the model catalog recorded at validation. {@link #markFailing()} takes it out of
 * routing at once on this node once validation confirmed that the provider refuses its credentials; the store is
 * updated too, so every node's next snapshot agrees. Its own {@link #prices()} price its requests before the shipped
 * table does.
 */
public final class Upstream {
    private final String id;
    private final String orgId;
    private final String workspaceId;
    private final String name;
    private final AiType aiType;
    private final ProviderAdapter adapter;
    private final Endpoint endpoint;
    private final Secret credential;
    private final RequestAuth auth;
    private final ValidationStatus status;
    private final Map<String, ModelEntry> catalog;
    private final PriceList prices;
    private volatile boolean failing;

    /** A configuration without a key id, priced by the shipped table alone. */
    public Upstream(String id, String orgId, String workspaceId, String name, AiType aiType, Endpoint endpoint,
                    Secret credential, ValidationStatus status, Map<String, ModelEntry> catalog) {
        this(id, orgId, workspaceId, name, aiType, endpoint, null, credential, status, catalog, PriceList.NONE);
    }

    /**
     * @param keyId  the configuration's key id ({@code key}), which signing providers (AWS) need besides the secret
     * @param prices the configuration's own prices, {@link PriceList#NONE} for none
     */
    public Upstream(String id, String orgId, String workspaceId, String name, AiType aiType, Endpoint endpoint,
                    String keyId, Secret credential, ValidationStatus status, Map<String, ModelEntry> catalog,
                    PriceList prices) {
        this(id, orgId, workspaceId, name, aiType, endpoint, Credentials.of(keyId, credential), status, catalog, prices);
    }

    /**
     * @param credentials the key id (which signing providers, AWS, need besides the secret), the secret, and AWS's
     *                    temporary-credential fields
     * @param prices      the configuration's own prices, {@link PriceList#NONE} for none
     */
    public Upstream(String id, String orgId, String workspaceId, String name, AiType aiType, Endpoint endpoint,
                    Credentials credentials, ValidationStatus status, Map<String, ModelEntry> catalog, PriceList prices) {
        Secret credential = credentials.secret();
        this.id = id;
        this.orgId = orgId;
        this.workspaceId = workspaceId;
        this.name = name;
        this.aiType = aiType;
        this.adapter = Providers.of(aiType);
        this.endpoint = endpoint;
        this.credential = credential;
        this.auth = credential == null ? RequestAuth.fixed(List.of()) : adapter.auth(endpoint.url(""), credentials);
        this.status = status;
        this.catalog = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(catalog));
        this.failing = status == ValidationStatus.FAILED;
        this.prices = prices;
    }

    public String id() {
        return id;
    }

    public String orgId() {
        return orgId;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String name() {
        return name;
    }

    public AiType aiType() {
        return aiType;
    }

    /** How this provider is called: request plans, errors, catalog (see {@link Providers}). */
    public ProviderAdapter adapter() {
        return adapter;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The provider key, or null for a keyless OpenAI-compatible server: what provider error texts are scrubbed of. */
    public Secret credential() {
        return credential;
    }

    public ValidationStatus status() {
        return status;
    }

    public Map<String, ModelEntry> catalog() {
        return catalog;
    }

    /** The configuration's own prices ({@link PriceList#NONE}: the shipped table's). */
    public PriceList prices() {
        return prices;
    }

    /** The HTTP request that sends {@code request} here: method, address, path under the base, its headers and ours. */
    public RequestOptions requestOptions(UpstreamRequest request, Duration connectTimeout) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setHost(endpoint.host()).setPort(endpoint.port()).setSsl(endpoint.ssl())
                .setURI(endpoint.uri(request.path()))
                .setConnectTimeout(connectTimeout.toMillis());
        for (Header h : request.headers()) {
            options.putHeader(h.name(), h.value());
        }
        for (Header h : auth.headers(request.method(), endpoint.url(request.path()), request.headers(), request.body())) {
            options.putHeader(h.name(), h.value());
        }
        return options;
    }

    /** FAILED at the last validation, or refused its credentials since this snapshot was built. */
    public boolean failing() {
        return failing;
    }

    /** True the first time only, so the store is updated once per node. */
    public boolean markFailing() {
        if (failing) {
            return false;
        }
        failing = true;
        return true;
    }

    /** Listed by the catalog, or routable by family because there is no catalog to ask (see docs/decisions). */
    public boolean hasCatalog() {
        return !catalog.isEmpty();
    }

    @Override
    public String toString() {
        return "Upstream{" + name + " " + aiType + " " + id + "}";
    }
}
