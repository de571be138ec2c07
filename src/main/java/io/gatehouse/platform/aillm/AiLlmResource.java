package io.gatehouse.platform.aillm;

import io.gatehouse.model.ValidationOutcome;
import io.gatehouse.store.SealedColumns;
import io.gatehouse.model.AiLlm;
import io.gatehouse.model.AiType;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.model.ProviderApiKey;
import io.gatehouse.model.price.PriceList;
import io.gatehouse.model.price.PriceTable;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.crypto.Tokens;
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
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.policy.OrgSettingsStore;
import io.gatehouse.platform.providerkey.ProviderKeys;
import io.gatehouse.platform.stats.AiStats;
import io.gatehouse.store.Ids;
import io.gatehouse.store.SqlErrors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code /ai/llm}: AI LLM configurations of a workspace — create, list (all, or only validated:
 * {@code /available}), read, change, delete (refused while a repository uses one), validate against the
 * provider, and usage totals ({@code /stats}). The provider secret goes in once and never comes out: it is
 * sealed to its row, opened only for the validation call, any echo of it is scrubbed from provider messages, and
 * a change of endpoint or aiType needs it given again.
 * READ lists, WRITE creates, changes and validates, ADMIN deletes.
 */
public final class AiLlmResource implements ApiResource {
    private static final Logger log = LoggerFactory.getLogger(AiLlmResource.class);
    private static final int MAX_NAME = 200;
    private static final int MAX_SECRET = 16 * 1024;
    private static final int MAX_KEY = 500;
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    private final Jdbi jdbi;
    private final Access access;
    private final AuditLog audit;
    private final Clock clock;
    private final SecretBox box;
    private final Validator validator;

    public AiLlmResource(Jdbi jdbi, Access access, AuditLog audit, Clock clock, SecretBox box, Validator validator) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.box = box;
        this.validator = validator;
    }

    record CreateBody(String name, String aiType, String endpoint, String secret, String key, String workspaceId,
                      String sessionToken, String roleArn, String externalId, JsonNode prices, String apiKeyUuid) {
    }

    /**
     * {@code prices} left out keeps the configuration's own prices; {@code null} or {@code {}} removes them.
     * {@code apiKeyUuid} left out keeps the credentials' source; {@code null} or {@code ""} detaches a shared key.
     * {@code sessionToken}, {@code roleArn} and {@code externalId} given empty are removed.
     */
    record UpdateBody(String name, String aiType, String endpoint, String secret, String key, String sessionToken,
                      String roleArn, String externalId, JsonNode prices, String apiKeyUuid) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.post("/ai/llm", this::create);
        routes.get("/ai/llm", req -> list(req, false));
        routes.get("/ai/llm/available", req -> list(req, true));
        routes.get("/ai/llm/stats", this::stats);
        routes.get("/ai/llm/{id}", this::get);
        routes.put("/ai/llm/{id}", this::update);
        routes.delete("/ai/llm/{id}", this::delete);
        routes.post("/ai/llm/{id}/validate", this::validate);
    }

    private Reply create(ApiRequest req) {
        Principal caller = req.principal();
        CreateBody body = req.body(CreateBody.class);
        String name = Fields.requireName(body.name(), "name", MAX_NAME);
        AiType type = AiType.parse(body.aiType(), "aiType");
        String workspaceId = Fields.requireId(body.workspaceId(), "workspaceId", "Workspace");
        String apiKeyId = body.apiKeyUuid() == null ? null : Fields.requireId(body.apiKeyUuid(), "apiKeyUuid", "API key");
        String secret = Fields.credential(body.secret(), "secret", MAX_SECRET);
        String key = Fields.credential(body.key(), "key", MAX_KEY);
        String sessionToken = Fields.credential(body.sessionToken(), "sessionToken", MAX_SECRET);
        String roleArn = roleArn(body.roleArn());
        String externalId = externalId(body.externalId());
        requireTemporaryOnlyForAws(type, sessionToken, roleArn, externalId);
        String endpoint = null;
        if (apiKeyId == null) {
            endpoint = Endpoints.resolve(body.endpoint(), type);
            requireSecret(type, secret != null);
            requireKey(type, key != null);
        } else {
            refuseOwnCredentials(secret != null || key != null || sessionToken != null);
        }
        String ownEndpoint = endpoint;
        PriceList prices = PriceList.overrides(body.prices(), "override");
        String id = Ids.newId();
        Instant now = Instant.now(clock);
        AiLlm created = SqlErrors.unique(() -> jdbi.inTransaction(h -> {
            Access.WorkspaceGrant grant = access.workspace(h, caller, workspaceId, AccessType.WRITE);
            if (AiLlms.nameTaken(h, workspaceId, name, null)) {
                throw duplicate(name);
            }
            ProviderKeys.Copy shared = apiKeyId == null ? null : shared(h, apiKeyId, workspaceId, type, id, body.endpoint());
            AiLlm row = shared == null
                    ? new AiLlm(id, grant.orgId(), workspaceId, caller.userId(), name, type, ownEndpoint,
                    seal(secret, SealedColumns.AI_LLM_SECRET.context(id)), seal(key, SealedColumns.AI_LLM_KEY.context(id)), Tokens.mask(key),
                    ValidationStatus.UNVALIDATED, null, null, now, now, prices, null,
                    seal(sessionToken, SealedColumns.AI_LLM_SESSION_TOKEN.context(id)), roleArn, externalId)
                    : new AiLlm(id, grant.orgId(), workspaceId, caller.userId(), name, type, shared.endpoint(),
                    shared.secretSealed(), shared.keySealed(), shared.keyHint(), ValidationStatus.UNVALIDATED, null, null,
                    now, now, prices, apiKeyId, null, roleArn, externalId);
            AiLlms.insert(h, row);
            audit.record(h, AuditLog.by(caller, workspaceId, AuditContext.AILLM, id, AuditAction.CREATED, describe(row)));
            return row;
        }), () -> duplicate(name));
        return Reply.ok("aiLlmId", id).put("message", withNote("AI LLM configuration created",
                        Endpoints.note(body.endpoint(), created.endpoint(), type)))
                .put("aiLlm", jdbi.withHandle(h -> view(h, created)));
    }

    private Reply list(ApiRequest req, boolean validOnly) {
        Principal caller = req.principal();
        Page page = req.page();
        String workspaceId = req.query("workspaceId").orElse(null);
        return jdbi.withHandle(h -> {
            if (workspaceId != null) {
                if (!Ids.isValid(workspaceId)) {
                    throw ApiException.notFound("Workspace");
                }
                access.workspace(h, caller, workspaceId, AccessType.READ);
            }
            List<Map<String, Object>> items = new ArrayList<>();
            for (AiLlm c : AiLlms.visible(h, caller, workspaceId, validOnly, page.skip(), page.take())) {
                items.add(view(h, c));
            }
            return Reply.page("aiLlms", items, AiLlms.countVisible(h, caller, workspaceId, validOnly), page);
        });
    }

    private Reply get(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "AI LLM configuration");
        return jdbi.withHandle(h -> Reply.ok("aiLlm", view(h, visible(h, caller, id, AccessType.READ))));
    }

    private Reply update(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "AI LLM configuration");
        UpdateBody body = req.body(UpdateBody.class);
        String name = Fields.optionalName(body.name(), "name", MAX_NAME);
        AiType newType = body.aiType() == null ? null : AiType.parse(body.aiType(), "aiType");
        String secret = Fields.credential(body.secret(), "secret", MAX_SECRET);
        boolean clearKey = body.key() != null && body.key().isBlank();
        String key = clearKey ? null : Fields.credential(body.key(), "key", MAX_KEY);
        String sessionToken = blank(body.sessionToken()) ? null : Fields.credential(body.sessionToken(), "sessionToken", MAX_SECRET);
        String roleArn = blank(body.roleArn()) ? null : roleArn(body.roleArn());
        String externalId = blank(body.externalId()) ? null : externalId(body.externalId());
        PriceList prices = body.prices() == null ? null : PriceList.overrides(body.prices(), "override");
        boolean attach = body.apiKeyUuid() != null && !body.apiKeyUuid().isBlank();
        boolean detach = !attach && req.bodyFields().contains("apiKeyUuid");
        String attachTo = attach ? Fields.requireId(body.apiKeyUuid(), "apiKeyUuid", "API key") : null;
        AiLlm updated = SqlErrors.unique(() -> jdbi.inTransaction(h -> {
            AiLlm current = visible(h, caller, id, AccessType.WRITE);
            AiType type = newType == null ? current.aiType() : newType;
            String apiKeyId = attach ? attachTo : detach ? null : current.apiKeyId();
            if (apiKeyId != null) {
                refuseOwnCredentials(secret != null || body.key() != null);
            }
            ProviderKeys.Copy shared = apiKeyId == null ? null
                    : shared(h, apiKeyId, current.workspaceId(), type, id, body.endpoint());
            String endpoint = shared != null ? shared.endpoint() : body.endpoint() != null ? Endpoints.resolve(body.endpoint(), type)
                    : type == current.aiType() ? current.endpoint() : endpointForNewType(current, type);
            List<String> changed = new ArrayList<>();
            boolean newSource = !Objects.equals(apiKeyId, current.apiKeyId());
            if (newSource) {
                changed.add("apiKeyUuid");
            }
            if (name != null && !name.equals(current.name())) {
                if (AiLlms.nameTaken(h, current.workspaceId(), name, id)) {
                    throw duplicate(name);
                }
                changed.add("name");
            }
            if (type != current.aiType()) {
                changed.add("aiType");
            }
            if (!Objects.equals(endpoint, current.endpoint())) {
                changed.add("endpoint");
            }
            // A shared key's copy is taken when the configuration starts using the key (and kept current by the key's
            // rotations); leaving a shared key leaves its credentials behind, so a secret of its own must be given.
            String secretSealed = newSource ? (shared == null ? null : shared.secretSealed()) : current.secretSealed();
            String keySealed = newSource ? (shared == null ? null : shared.keySealed()) : current.keySealed();
            String keyHint = newSource ? (shared == null ? null : shared.keyHint()) : current.keyHint();
            if (shared == null) {
                if (!newSource) {
                    requireSecretForNewTarget(current, changed, secret != null);
                }
                if (secret != null && !sameCredential(secretSealed, SealedColumns.AI_LLM_SECRET.context(id), secret)) {
                    secretSealed = seal(secret, SealedColumns.AI_LLM_SECRET.context(id));
                    changed.add("secret");
                }
                requireSecret(type, secretSealed != null);
                if (clearKey ? keySealed != null : key != null && !sameCredential(keySealed, SealedColumns.AI_LLM_KEY.context(id), key)) {
                    keySealed = seal(key, SealedColumns.AI_LLM_KEY.context(id));
                    keyHint = Tokens.mask(key);
                    changed.add("key");
                }
                requireKey(type, keySealed != null);
            }
            String tokenSealed = current.sessionTokenSealed();
            if (body.sessionToken() != null && (sessionToken == null ? tokenSealed != null
                    : !sameCredential(tokenSealed, SealedColumns.AI_LLM_SESSION_TOKEN.context(id), sessionToken))) {
                tokenSealed = seal(sessionToken, SealedColumns.AI_LLM_SESSION_TOKEN.context(id));
                changed.add("sessionToken");
            }
            if (shared != null && tokenSealed != null) {
                // A session token belongs to the key it was issued with; a shared key brings its own credentials.
                refuseOwnCredentials(true);
            }
            String role = body.roleArn() == null ? current.roleArn() : roleArn;
            String external = body.externalId() == null ? current.externalId() : externalId;
            if (!Objects.equals(role, current.roleArn())) {
                changed.add("roleArn");
            }
            if (!Objects.equals(external, current.externalId())) {
                changed.add("externalId");
            }
            requireTemporaryOnlyForAws(type, tokenSealed, role, external);
            if (prices != null && !prices.toMap().equals(current.prices().toMap())) {
                changed.add("prices");
            }
            if (changed.isEmpty()) {
                return current;
            }
            AiLlm next = new AiLlm(id, current.orgId(), current.workspaceId(), current.userId(),
                    name == null ? current.name() : name, type, endpoint, secretSealed, keySealed,
                    keySealed == null ? null : keyHint,
                    current.validationStatus(), current.validationMessage(), current.lastValidatedAt(),
                    current.createdAt(), Instant.now(clock), prices == null ? current.prices() : prices, apiKeyId,
                    tokenSealed, role, external);
            h.createUpdate("""
                            UPDATE ai_llm SET name = :name, ai_type = :aiType, endpoint = :endpoint, secret_sealed = :secretSealed,
                                key_sealed = :keySealed, key_hint = :keyHint, prices = :pricesJson, updated_at = :updatedAt,
                                api_key_id = :apiKeyId, session_token_sealed = :sessionTokenSealed, role_arn = :roleArn,
                                external_id = :externalId
                            WHERE id = :id""")
                    .bindMethods(next).bind("aiType", type.name()).bind("pricesJson", AiLlms.pricesJson(next.prices()))
                    .execute();
            // New credentials or a new target: what the last validation found no longer holds.
            if (changed.stream().anyMatch(field -> !field.equals("name") && !field.equals("prices"))) {
                AiLlms.markUnvalidated(h, id);
            }
            Map<String, Object> details = describe(next);
            details.put("changed", changed);
            audit.record(h, AuditLog.by(caller, current.workspaceId(), AuditContext.AILLM, id, AuditAction.UPDATED, details));
            return AiLlms.byId(h, id).orElseThrow();
        }), () -> duplicate(name));
        return Reply.ok("aiLlmId", id).put("message", withNote("AI LLM configuration updated",
                        Endpoints.note(body.endpoint(), updated.endpoint(), updated.aiType())))
                .put("aiLlm", jdbi.withHandle(h -> view(h, updated)));
    }

    private Reply delete(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "AI LLM configuration");
        jdbi.useTransaction(h -> {
            AiLlm current = visible(h, caller, id, AccessType.ADMIN);
            List<AiLlms.RepoRef> repos = AiLlms.repos(h, id);
            if (!repos.isEmpty()) {
                throw ApiException.forbidden("The configuration is used by the repositor" + (repos.size() == 1 ? "y " : "ies ")
                        + String.join(", ", repos.stream().map(r -> "'" + r.name() + "'").toList()) + "; detach it first");
            }
            if (OrgSettingsStore.isJudge(h, id)) {
                throw ApiException.forbidden("The configuration is the organization's policy judge; choose another judge"
                        + " (PUT /organization/{orgId}/settings) first");
            }
            h.createUpdate("DELETE FROM ai_llm WHERE id = :id").bind("id", id).execute();
            audit.record(h, AuditLog.by(caller, current.workspaceId(), AuditContext.AILLM, id, AuditAction.DELETED,
                    Map.of("name", current.name())));
        });
        return Reply.ok("message", "AI LLM configuration deleted");
    }

    private Reply validate(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "AI LLM configuration");
        AiLlm current = jdbi.withHandle(h -> visible(h, caller, id, AccessType.WRITE));
        // The provider call happens outside any transaction: it may take up to the validation timeout.
        ValidationOutcome outcome = validator.probe(current);
        ValidationStatus status = outcome.success() ? ValidationStatus.VALID : ValidationStatus.FAILED;
        Instant now = validator.record(current, outcome, outcome.message(), caller).orElseThrow(() ->
                ApiException.conflict("The configuration changed while it was being validated; validate it again"));
        log.info("Validated AI LLM configuration {} ({} at {}): {}", id, current.aiType(), current.endpoint(), outcome.message());
        return Reply.ok().put("success", outcome.success()).put("aiLlmId", id).put("message", outcome.message())
                .put("validationStatus", status).put("lastValidatedAt", now)
                .put("models", outcome.models().stream().map(ModelEntry::id).toList());
    }

    /**
     * Usage totals per configuration over the day roll-ups kept, for the one asked for or every one the caller
     * sees. Counters are strings, as in the reference.
     */
    private Reply stats(ApiRequest req) {
        Principal caller = req.principal();
        String only = req.query("aiLlmId").orElse(null);
        String workspaceId = req.query("workspaceId").orElse(null);
        return jdbi.withHandle(h -> {
            List<String> ids;
            if (only != null) {
                if (!Ids.isValid(only)) {
                    throw ApiException.notFound("AI LLM configuration");
                }
                ids = List.of(visible(h, caller, only, AccessType.READ).id());
            } else {
                if (workspaceId != null) {
                    access.workspace(h, caller, Ids.isValid(workspaceId) ? workspaceId : null, AccessType.READ);
                }
                ids = AiLlms.visible(h, caller, workspaceId, false, 0, Integer.MAX_VALUE).stream().map(AiLlm::id).toList();
            }
            Map<String, AiStats.Totals> totals = AiStats.totalsByAiLlm(h, caller.orgId(), ids);
            List<Map<String, Object>> stats = new ArrayList<>();
            for (String id : ids) {
                AiStats.Totals t = totals.getOrDefault(id, AiStats.Totals.NONE);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("aiLlmId", id);
                row.put("totalApiCalls", Long.toString(t.apiCalls()));
                row.put("totalTokensIn", Long.toString(t.tokensIn()));
                row.put("totalTokensOut", Long.toString(t.tokensOut()));
                row.put("totalLlmTokensIn", Long.toString(t.llmTokensIn()));
                row.put("totalLlmTokensOut", Long.toString(t.llmTokensOut()));
                row.put("totalPolicyViolations", Long.toString(t.policyViolations()));
                row.put("totalAlerts", Long.toString(t.alerts()));
                row.put("totalBlocks", Long.toString(t.blocks()));
                row.put("totalCost", t.cost());
                row.put("totalUnpricedCalls", Long.toString(t.unpricedCalls()));
                stats.add(row);
            }
            return Reply.ok("stats", stats);
        });
    }

    /** A configuration the caller may act on: 404 when it cannot see the workspace, 403 when its access is short. */
    private AiLlm visible(Handle h, Principal caller, String id, AccessType needed) {
        AiLlm c = AiLlms.byId(h, id).orElseThrow(() -> ApiException.notFound("AI LLM configuration"));
        Access.WorkspaceGrant grant = access.find(h, caller, c.workspaceId())
                .orElseThrow(() -> ApiException.notFound("AI LLM configuration"));
        Access.require(grant, needed);
        return c;
    }

    private static String withNote(String message, String note) {
        return note == null ? message : message + "; " + note;
    }

    /** When the type changes without a new endpoint, a default endpoint follows the type; a custom one stays. */
    private static String endpointForNewType(AiLlm current, AiType type) {
        boolean wasDefault = current.endpoint() == null || current.endpoint().equals(Endpoints.defaultFor(current.aiType()));
        return wasDefault ? Endpoints.resolve(null, type) : current.endpoint();
    }

    /**
     * The stored secret goes only where it was given for: whoever points a configuration at another endpoint or
     * provider type must give the secret again in the same request, or anyone with WRITE access could send it to a
     * host of their choosing (validation and every gateway call carry it) without ever having seen it.
     */
    private static void requireSecretForNewTarget(AiLlm current, List<String> changed, boolean secretGiven) {
        boolean newTarget = changed.contains("aiType") || changed.contains("endpoint");
        if (newTarget && current.secretSealed() != null && !secretGiven) {
            throw ApiException.badRequest("secret is required when endpoint or aiType changes: the stored secret is"
                    + " only ever sent to the endpoint it was given for, so give it (or a new one) again");
        }
    }

    /**
     * The shared key {@code apiKeyId} of the configuration's workspace, copied for it: its provider must be the
     * configuration's type, and its secret goes only to its own endpoint (an endpoint given here must be that one).
     */
    private ProviderKeys.Copy shared(Handle h, String apiKeyId, String workspaceId, AiType type, String aiLlmId, String endpoint) {
        ProviderApiKey key = ProviderKeys.byId(h, apiKeyId).filter(k -> k.workspaceId().equals(workspaceId))
                .orElseThrow(() -> ApiException.notFound("API key (apiKeyUuid) in the configuration's workspace"));
        if (key.provider() != type) {
            throw ApiException.invalid("apiKeyUuid names a " + key.provider() + " key; the configuration's aiType is " + type);
        }
        if (endpoint != null && !Endpoints.resolve(endpoint, type).equals(key.endpoint())) {
            throw ApiException.badRequest("endpoint comes from the shared API key (" + key.endpoint() + "); leave it out,"
                    + " or change the key's endpoint (PUT /apikeys/{id})");
        }
        return ProviderKeys.copyFor(box, key, aiLlmId);
    }

    /** Credentials come from the shared key or from the request, never both. */
    private static void refuseOwnCredentials(boolean given) {
        if (given) {
            throw ApiException.badRequest("secret and key come from the shared API key (apiKeyUuid): rotate the key"
                    + " (PUT /apikeys/{id}), or send apiKeyUuid: null with a secret of the configuration's own");
        }
    }

    private static void requireSecret(AiType type, boolean present) {
        if (type.needsSecret() && !present) {
            throw ApiException.badRequest("secret is required for aiType " + type + " (the provider's API key)");
        }
    }

    private static void requireKey(AiType type, boolean present) {
        if (type.needsKeyId() && !present) {
            throw ApiException.badRequest("key is required for aiType " + type + " (the access key id; secret is its"
                    + " secret access key)");
        }
    }

    /**
     * A role to assume (STS AssumeRole, decision 0021): an IAM role ARN, {@code arn:<partition>:iam::<account>:role/<path and name>};
     * empty removes it on PUT.
     */
    private static String roleArn(String raw) {
        String value = Fields.optionalText(raw, "roleArn", 2048);
        if (value != null && !ROLE_ARN.matcher(value).matches()) {
            throw ApiException.invalid("roleArn must be an IAM role ARN such as arn:aws:iam::123456789012:role/bedrock-caller"
                    + " (arn:<partition>:iam::<12-digit account>:role/<name>)");
        }
        return value;
    }

    /** The external id the role's trust policy may ask for: 2 to 1224 of STS's characters; empty removes it on PUT. */
    private static String externalId(String raw) {
        String value = Fields.optionalText(raw, "externalId", 1224);
        if (value != null && !EXTERNAL_ID.matcher(value).matches()) {
            throw ApiException.invalid("externalId must be 2 to 1224 characters of letters, digits and +=,.@:/-");
        }
        return value;
    }

    /** Given empty: on PUT, the field is removed. */
    private static boolean blank(String value) {
        return value != null && value.isBlank();
    }

    /** Session tokens and roles are AWS's temporary credentials; an external id goes with a role. */
    private static void requireTemporaryOnlyForAws(AiType type, String sessionToken, String roleArn, String externalId) {
        if (type != AiType.AWS && (sessionToken != null || roleArn != null || externalId != null)) {
            throw ApiException.invalid("sessionToken, roleArn and externalId are only for aiType AWS (temporary AWS credentials)");
        }
        if (externalId != null && roleArn == null) {
            throw ApiException.invalid("externalId goes with roleArn: it is sent when the role is assumed");
        }
    }

    private boolean sameCredential(String sealed, String context, String candidate) {
        return sealed != null && box.open(sealed, context).reveal().equals(candidate);
    }

    private String seal(String plaintext, String context) {
        return plaintext == null ? null : box.seal(plaintext, context);
    }

    private static ApiException duplicate(String name) {
        return ApiException.conflict("An AI LLM configuration named '" + name + "' already exists in this workspace");
    }

    /** Audit details: what identifies the configuration, never its credentials. */
    private static Map<String, Object> describe(AiLlm c) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", c.name());
        details.put("aiType", c.aiType());
        details.put("endpoint", c.endpoint());
        details.put("apiKeyId", c.apiKeyId());
        details.put("roleArn", c.roleArn());
        return details;
    }

    private static Map<String, Object> view(Handle h, AiLlm c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("orgId", c.orgId());
        view.put("workspaceId", c.workspaceId());
        view.put("userId", c.userId());
        view.put("name", c.name());
        view.put("aiType", c.aiType());
        view.put("endpoint", c.endpoint());
        view.put("key", c.keyHint());
        if (c.apiKeyId() != null) {
            view.put("apiKeyId", c.apiKeyId());
        }
        view.put("sessionToken", c.sessionTokenSealed() == null ? null : "set"); // never the token itself
        view.put("roleArn", c.roleArn());
        view.put("externalId", c.externalId());
        view.put("createdAt", c.createdAt());
        view.put("updatedAt", c.updatedAt());
        view.put("validationStatus", c.validationStatus());
        view.put("lastValidatedAt", c.lastValidatedAt());
        view.put("validationMessage", c.validationMessage());
        view.put("models", AiLlms.models(h, c.id()).stream().map(ModelEntry::id).toList());
        view.put("prices", c.prices().toMap());
        PriceList shipped = PriceTable.shipped().list(c.aiType());
        view.put("priceTable", shipped.isEmpty() ? null : shipped.version());
        view.put("repos", AiLlms.repos(h, c.id()));
        return view;
    }
}
