package io.gatehouse.platform.apikey;

import io.gatehouse.crypto.Tokens;
import io.gatehouse.model.KeyLimits;
import io.gatehouse.model.RepoKey;
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
import io.gatehouse.model.AiType;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.model.Repo;
import io.gatehouse.platform.repo.Repos;
import io.gatehouse.store.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code /repo/{repoId}/ai/apikey}: the keys applications use on {@code /v1}. The secret ({@code ghk_} and 256
 * random bits) is in the creating answer only and stored as its SHA-256; lists show the masked hint and leave
 * revoked keys out. Beyond the reference a key carries {@code expiresAt}, {@code allowedModels} and
 * {@code limits}. READ lists; WRITE creates, changes and revokes — revoking is a safety action, so whoever may
 * create a key may also revoke it.
 */
public final class RepoKeyResource implements ApiResource {
    private static final int MAX_NAME = 200;
    private static final int MAX_MODELS = 100;
    private static final int MAX_MODEL_NAME = 300;

    private final Jdbi jdbi;
    private final Access access;
    private final AuditLog audit;
    private final Clock clock;

    public RepoKeyResource(Jdbi jdbi, Access access, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    record KeyBody(String name, String aiType, String expiresAt, List<String> allowedModels, KeyLimits limits) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.post("/repo/{repoId}/ai/apikey", this::create);
        routes.get("/repo/{repoId}/ai/apikey", this::list);
        routes.put("/repo/{repoId}/ai/apikey/{apikeyId}", this::update);
        routes.delete("/repo/{repoId}/ai/apikey/{apikeyId}", this::revoke);
    }

    private Reply create(ApiRequest req) {
        Principal caller = req.principal();
        String repoId = req.pathId("repoId", "Repository");
        KeyBody body = req.body(KeyBody.class);
        String name = Fields.requireName(body.name(), "name", MAX_NAME);
        AiType aiType = body.aiType() == null ? null : AiType.parse(body.aiType(), "aiType");
        Instant expiresAt = futureInstant(body.expiresAt());
        List<String> models = allowedModels(body.allowedModels());
        KeyLimits limits = body.limits() == null ? KeyLimits.NONE : body.limits().checked();
        String secret = Tokens.newSecret(Tokens.REPO_KEY_PREFIX);
        Instant now = Instant.now(clock);
        RepoKey key = new RepoKey(Ids.newId(), repoId, name, aiType == null ? null : aiType.name(), Tokens.hash(secret),
                Tokens.mask(secret), expiresAt, models, limits, caller.userId(), now, null);
        jdbi.useTransaction(h -> {
            Repo repo = Repos.visible(h, access, caller, repoId, AccessType.WRITE);
            requireFreeName(h, repoId, name, null);
            RepoKeys.insert(h, key);
            audit.record(h, AuditLog.by(caller, repo.workspaceId(), AuditContext.AILLMAPIKEY, key.id(), AuditAction.CREATED,
                    Map.of("name", name, "repoId", repoId, "key", key.keyHint())));
        });
        return Reply.ok("id", key.id()).put("key", key.keyHint()).put("secret", secret)
                .put("message", "Key created; its secret is shown only now").put("apiKey", view(key));
    }

    private Reply list(ApiRequest req) {
        Principal caller = req.principal();
        String repoId = req.pathId("repoId", "Repository");
        Page page = req.page();
        return jdbi.withHandle(h -> {
            Repos.visible(h, access, caller, repoId, AccessType.READ);
            List<Map<String, Object>> keys = RepoKeys.live(h, repoId, page.skip(), page.take()).stream().map(RepoKeyResource::view).toList();
            return Reply.page("apiKeys", keys, RepoKeys.countLive(h, repoId), page);
        });
    }

    private Reply update(ApiRequest req) {
        Principal caller = req.principal();
        String repoId = req.pathId("repoId", "Repository");
        String id = req.pathId("apikeyId", "Key");
        KeyBody body = req.body(KeyBody.class);
        String name = Fields.optionalName(body.name(), "name", MAX_NAME);
        if (body.aiType() != null) {
            throw ApiException.invalid("aiType is fixed when a key is created");
        }
        Instant expiresAt = futureInstant(body.expiresAt());
        List<String> models = body.allowedModels() == null ? null : allowedModels(body.allowedModels());
        KeyLimits limits = body.limits() == null ? null : body.limits().checked();
        RepoKey updated = jdbi.inTransaction(h -> {
            Repo repo = Repos.visible(h, access, caller, repoId, AccessType.WRITE);
            RepoKey current = RepoKeys.live(h, repoId, id).orElseThrow(() -> ApiException.notFound("Key"));
            if (name != null) {
                requireFreeName(h, repoId, name, id);
            }
            RepoKey next = new RepoKey(id, repoId, name == null ? current.name() : name, current.aiType(), current.keyHash(),
                    current.keyHint(), expiresAt == null ? current.expiresAt() : expiresAt,
                    models == null ? current.allowedModels() : models, limits == null ? current.limits() : limits,
                    current.createdBy(), current.createdAt(), null);
            if (next.equals(current)) {
                return current;
            }
            RepoKeys.update(h, next);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", next.name());
            details.put("repoId", repoId);
            details.put("previousName", current.name());
            audit.record(h, AuditLog.by(caller, repo.workspaceId(), AuditContext.AILLMAPIKEY, id, AuditAction.UPDATED, details));
            return next;
        });
        return Reply.ok("message", "Key updated").put("apiKey", view(updated));
    }

    private Reply revoke(ApiRequest req) {
        Principal caller = req.principal();
        String repoId = req.pathId("repoId", "Repository");
        String id = req.pathId("apikeyId", "Key");
        jdbi.useTransaction(h -> {
            Repo repo = Repos.visible(h, access, caller, repoId, AccessType.WRITE);
            RepoKey current = RepoKeys.live(h, repoId, id).orElseThrow(() -> ApiException.notFound("Key"));
            RepoKeys.revoke(h, id, Instant.now(clock));
            audit.record(h, AuditLog.by(caller, repo.workspaceId(), AuditContext.AILLMAPIKEY, id, AuditAction.DELETED,
                    Map.of("name", current.name(), "repoId", repoId)));
        });
        return Reply.ok("message", "Key revoked");
    }

    private static void requireFreeName(Handle h, String repoId, String name, String exceptId) {
        if (RepoKeys.nameTaken(h, repoId, name, exceptId)) {
            throw ApiException.conflict("The repository already has a key named '" + name + "'");
        }
    }

    private Instant futureInstant(String raw) {
        Instant at = Fields.optionalInstant(raw, "expiresAt");
        if (at != null && !at.isAfter(Instant.now(clock))) {
            throw ApiException.invalid("expiresAt must be in the future");
        }
        return at;
    }

    /** Model names as given, trimmed and without repeats; an empty list would allow nothing, so it is refused. */
    private static List<String> allowedModels(List<String> raw) {
        if (raw == null) {
            return null;
        }
        if (raw.isEmpty()) {
            throw ApiException.invalid("allowedModels must name at least one model (leave it out to allow every model)");
        }
        if (raw.size() > MAX_MODELS) {
            throw ApiException.invalid("allowedModels may name at most " + MAX_MODELS + " models");
        }
        LinkedHashSet<String> models = new LinkedHashSet<>();
        for (String model : raw) {
            models.add(Fields.requireName(model, "allowedModels[]", MAX_MODEL_NAME));
        }
        return new ArrayList<>(models);
    }

    private static Map<String, Object> view(RepoKey k) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", k.id());
        view.put("name", k.name());
        view.put("repoId", k.repoId());
        view.put("key", k.keyHint());
        view.put("aiType", k.aiType());
        view.put("createdAt", k.createdAt());
        view.put("deletedAt", k.deletedAt());
        view.put("expiresAt", k.expiresAt());
        view.put("allowedModels", k.allowedModels());
        view.put("limits", k.limits());
        view.put("createdBy", k.createdBy());
        return view;
    }
}
