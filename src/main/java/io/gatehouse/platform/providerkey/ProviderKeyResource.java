package io.gatehouse.platform.providerkey;

import io.gatehouse.crypto.SecretBox;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.model.AiType;
import io.gatehouse.model.ProviderApiKey;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.AccessType;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Fields;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.platform.aillm.Endpoints;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.store.Ids;
import io.gatehouse.store.SealedColumns;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /apikeys}: shared provider credentials of a workspace, in the vendor's shapes ({@code ProviderApiKeyDTO}).
 * The secret goes in once and never comes out; {@code key} (AWS: the access key id) is shown masked. A
 * configuration references one with {@code apiKeyUuid}; a PUT that changes the secret rotates it for every such
 * configuration at once, and the gateway follows within a second. Like a configuration's, the secret only goes
 * where it was given for: a new endpoint or region needs it given again. A key still referenced cannot be deleted
 * (409 naming the configurations). READ lists, WRITE creates and changes, ADMIN deletes.
 */
public final class ProviderKeyResource implements ApiResource {
    private static final int MAX_SECRET = 16 * 1024;
    private static final int MAX_KEY = 500;
    private static final int MAX_DESCRIPTION = 1000;
    private static final int MAX_REGION = 64;

    private final Jdbi jdbi;
    private final Access access;
    private final AuditLog audit;
    private final Clock clock;
    private final SecretBox box;

    public ProviderKeyResource(Jdbi jdbi, Access access, AuditLog audit, Clock clock, SecretBox box) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.box = box;
    }

    record CreateBody(String key, String secret, String endpoint, String region, String tenantId, String subscriptionId,
                      String provider, String description, String workspaceId) {
    }

    record UpdateBody(String key, String secret, String endpoint, String region, String tenantId, String subscriptionId,
                      String provider, String description) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/apikeys", this::list);
        routes.post("/apikeys", this::create);
        routes.put("/apikeys/{id}", this::update);
        routes.delete("/apikeys/{id}", this::delete);
    }

    private Reply create(ApiRequest req) {
        Principal caller = req.principal();
        CreateBody body = req.body(CreateBody.class);
        AiType provider = AiType.parse(body.provider(), "provider");
        String workspaceId = Fields.requireId(body.workspaceId(), "workspaceId", "Workspace");
        refuseAzureFields(body.tenantId(), body.subscriptionId());
        String secret = Fields.requireText(Fields.credential(body.secret(), "secret", MAX_SECRET), "secret", MAX_SECRET);
        String key = Fields.credential(body.key(), "key", MAX_KEY);
        if (provider.needsKeyId() && key == null) {
            throw ApiException.badRequest("key is required for provider " + provider + " (the access key id; secret is its"
                    + " secret access key)");
        }
        String region = region(body.region(), provider);
        String endpoint = target(body.endpoint(), region, provider);
        String description = Fields.optionalName(body.description(), "description", MAX_DESCRIPTION);
        String id = Ids.newId();
        Instant now = Instant.now(clock);
        jdbi.useTransaction(h -> {
            Access.WorkspaceGrant grant = access.workspace(h, caller, workspaceId, AccessType.WRITE);
            ProviderApiKey row = new ProviderApiKey(id, grant.orgId(), workspaceId, caller.userId(), provider,
                    seal(key, SealedColumns.PROVIDER_KEY_KEY.context(id)), Tokens.mask(key),
                    box.seal(secret, SealedColumns.PROVIDER_KEY_SECRET.context(id)), endpoint, region, description, now, now);
            ProviderKeys.insert(h, row);
            audit.record(h, AuditLog.by(caller, workspaceId, AuditContext.APIKEY, id, AuditAction.CREATED, describe(row)));
        });
        return Reply.ok("apiKeyId", id).put("message", "API key created");
    }

    private Reply list(ApiRequest req) {
        Principal caller = req.principal();
        Page page = req.page();
        String workspaceId = req.query("workspaceId").orElse(null);
        List<AiType> providers = new ArrayList<>(Arrays.asList(AiType.values()));
        req.query("capability").ifPresent(raw -> providers.retainAll(Capability.providersWith(Capability.parse(raw))));
        req.query("provider").ifPresent(raw -> providers.retainAll(List.of(AiType.parse(raw, "provider"))));
        return jdbi.withHandle(h -> {
            if (workspaceId != null) {
                access.workspace(h, caller, Ids.isValid(workspaceId) ? workspaceId : null, AccessType.READ);
            }
            List<Map<String, Object>> items = new ArrayList<>();
            for (ProviderApiKey k : ProviderKeys.visible(h, caller, workspaceId, providers, page.skip(), page.take())) {
                items.add(view(h, k));
            }
            return Reply.page("apiKeys", items, ProviderKeys.countVisible(h, caller, workspaceId, providers), page);
        });
    }

    private Reply update(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "API key");
        UpdateBody body = req.body(UpdateBody.class);
        refuseAzureFields(body.tenantId(), body.subscriptionId());
        AiType newProvider = body.provider() == null ? null : AiType.parse(body.provider(), "provider");
        String secret = Fields.credential(body.secret(), "secret", MAX_SECRET);
        String key = Fields.credential(body.key(), "key", MAX_KEY);
        String description = Fields.optionalName(body.description(), "description", MAX_DESCRIPTION);
        Instant now = Instant.now(clock);
        int rotated = jdbi.inTransaction(h -> {
            ProviderApiKey current = visible(h, caller, id, AccessType.WRITE);
            AiType provider = newProvider == null ? current.provider() : newProvider;
            String region = body.region() != null ? region(body.region(), provider)
                    : provider == AiType.AWS ? current.region() : null;
            String endpoint = body.endpoint() != null || body.region() != null || provider != current.provider()
                    ? target(body.endpoint(), region, provider) : current.endpoint();
            List<String> changed = new ArrayList<>();
            if (provider != current.provider()) {
                List<ProviderKeys.User> users = ProviderKeys.users(h, id);
                if (!users.isEmpty()) {
                    throw ApiException.conflict("The key's provider cannot change while configurations use it: "
                            + names(users));
                }
                changed.add("provider");
            }
            if (!Objects.equals(endpoint, current.endpoint())) {
                changed.add("endpoint");
            }
            if (!changed.isEmpty() && secret == null) {
                throw ApiException.badRequest("secret is required when endpoint, region or provider changes: the stored"
                        + " secret is only ever sent where it was given for, so give it (or a new one) again");
            }
            String secretSealed = current.secretSealed();
            if (secret != null && !box.open(secretSealed, SealedColumns.PROVIDER_KEY_SECRET.context(id)).reveal().equals(secret)) {
                secretSealed = box.seal(secret, SealedColumns.PROVIDER_KEY_SECRET.context(id));
                changed.add("secret");
            }
            String keySealed = current.keySealed();
            String keyHint = current.keyHint();
            if (key != null && (keySealed == null
                    || !box.open(keySealed, SealedColumns.PROVIDER_KEY_KEY.context(id)).reveal().equals(key))) {
                keySealed = box.seal(key, SealedColumns.PROVIDER_KEY_KEY.context(id));
                keyHint = Tokens.mask(key);
                changed.add("key");
            }
            if (provider.needsKeyId() && keySealed == null) {
                throw ApiException.badRequest("key is required for provider " + provider + " (the access key id)");
            }
            if (description != null && !description.equals(current.description())) {
                changed.add("description");
            }
            if (changed.isEmpty()) {
                return 0;
            }
            ProviderApiKey next = new ProviderApiKey(id, current.orgId(), current.workspaceId(), current.userId(), provider,
                    keySealed, keyHint, secretSealed, endpoint, region,
                    description == null ? current.description() : description, current.createdAt(), now);
            ProviderKeys.update(h, next);
            int users = changed.contains("secret") || changed.contains("key") || changed.contains("endpoint")
                    ? ProviderKeys.propagate(h, box, next, changed.contains("endpoint"), now) : 0;
            Map<String, Object> details = describe(next);
            details.put("changed", changed);
            details.put("configurations", users);
            audit.record(h, AuditLog.by(caller, current.workspaceId(), AuditContext.APIKEY, id,
                    AuditAction.UPDATED, details));
            return users;
        });
        return Reply.ok("message", rotated == 0 ? "API key updated"
                : "API key updated; " + rotated + " configuration" + (rotated == 1 ? " uses" : "s use") + " it");
    }

    private Reply delete(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "API key");
        jdbi.useTransaction(h -> {
            ProviderApiKey current = visible(h, caller, id, AccessType.ADMIN);
            List<ProviderKeys.User> users = ProviderKeys.users(h, id);
            if (!users.isEmpty()) {
                throw ApiException.conflict("The API key is used by " + names(users)
                        + "; give them their own secret or another key (PUT /ai/llm/{id}) first");
            }
            ProviderKeys.delete(h, id);
            audit.record(h, AuditLog.by(caller, current.workspaceId(), AuditContext.APIKEY, id, AuditAction.DELETED,
                    describe(current)));
        });
        return Reply.ok("message", "API key deleted");
    }

    /** A key the caller may act on: 404 when it cannot see the workspace, 403 when its access is short. */
    private ProviderApiKey visible(Handle h, Principal caller, String id, AccessType needed) {
        ProviderApiKey k = ProviderKeys.byId(h, id).orElseThrow(() -> ApiException.notFound("API key"));
        Access.WorkspaceGrant grant = access.find(h, caller, k.workspaceId()).orElseThrow(() -> ApiException.notFound("API key"));
        Access.require(grant, needed);
        return k;
    }

    private static String names(List<ProviderKeys.User> users) {
        return "the configuration" + (users.size() == 1 ? " " : "s ")
                + String.join(", ", users.stream().map(u -> "'" + u.name() + "'").toList());
    }

    /** Tenants and subscriptions are Azure's; Gatehouse connects no Azure service, so they are refused, not dropped. */
    private static void refuseAzureFields(String tenantId, String subscriptionId) {
        if (tenantId != null || subscriptionId != null) {
            throw ApiException.invalid("tenantId and subscriptionId are for Azure credentials, which Gatehouse does not use");
        }
    }

    private static String region(String raw, AiType provider) {
        String region = Fields.optionalText(raw, "region", MAX_REGION);
        if (region != null && provider != AiType.AWS) {
            throw ApiException.invalid("region is for provider AWS only; give other providers an endpoint");
        }
        return region;
    }

    /** Where the secret may go: the endpoint (AWS: or the region) normalised as a configuration's is. */
    private static String target(String endpoint, String region, AiType provider) {
        return Endpoints.resolve(endpoint != null ? endpoint : region, provider);
    }

    private String seal(String plaintext, String context) {
        return plaintext == null ? null : box.seal(plaintext, context);
    }

    /** Audit details: what identifies the key, never its credentials. */
    private static Map<String, Object> describe(ProviderApiKey k) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", k.provider());
        details.put("endpoint", k.endpoint());
        details.put("description", k.description());
        return details;
    }

    /** {@code ProviderApiKeyDTO}: optional fields are left out rather than null, as the vendor's type has them. */
    private static Map<String, Object> view(Handle h, ProviderApiKey k) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", k.id());
        view.put("key", k.keyHint() == null ? "" : k.keyHint());
        if (k.endpoint() != null) {
            view.put("endpoint", k.endpoint());
        }
        if (k.region() != null) {
            view.put("region", k.region());
        }
        view.put("provider", k.provider());
        if (k.description() != null) {
            view.put("description", k.description());
        }
        view.put("createdAt", k.createdAt());
        view.put("updatedAt", k.updatedAt());
        view.put("workspaceId", k.workspaceId());
        view.put("capabilities", Capability.of(k.provider()));
        view.put("aillm_count", ProviderKeys.userCount(h, k.id()));
        return view;
    }
}
