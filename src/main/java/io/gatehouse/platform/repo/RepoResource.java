package io.gatehouse.platform.repo;

import io.gatehouse.model.KeyLimits;
import io.gatehouse.model.Repo;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.AccessType;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Fields;
import io.gatehouse.platform.LimitColumns;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.model.AiLlm;
import io.gatehouse.platform.aillm.AiLlms;
import io.gatehouse.model.AiType;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.policy.Policies;
import io.gatehouse.store.Ids;
import io.gatehouse.store.SqlErrors;
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
 * {@code /repo}: repositories of a workspace and the AI LLM configurations attached to them (request field
 * {@code repoAiLlms[{aiLlmId}]}, answered as {@code aiLlms}; only configurations of the same workspace), and
 * {@code POST /ai/models}, the models a repository can reach through its validated configurations.
 * READ lists, WRITE creates and changes (including attachments), ADMIN deletes (with the repository's keys and
 * policies).
 */
public final class RepoResource implements ApiResource {
    private static final int MAX_NAME = 200;

    private final Jdbi jdbi;
    private final Access access;
    private final AuditLog audit;
    private final Clock clock;

    public RepoResource(Jdbi jdbi, Access access, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    record Attachment(String aiLlmId) {
    }

    record RepoBody(String name, String workspaceId, List<Attachment> repoAiLlms, Boolean disabled, KeyLimits limits) {
    }

    record ModelsBody(String repoId, String aiType, String llmType) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.post("/repo", this::create);
        routes.get("/repo", this::list);
        routes.get("/repo/{id}", this::get);
        routes.put("/repo/{id}", this::update);
        routes.delete("/repo/{id}", this::delete);
        routes.post("/ai/models", this::models);
    }

    private Reply create(ApiRequest req) {
        Principal caller = req.principal();
        RepoBody body = req.body(RepoBody.class);
        String name = Fields.requireName(body.name(), "name", MAX_NAME);
        String workspaceId = Fields.requireId(body.workspaceId(), "workspaceId", "Workspace");
        List<String> aiLlmIds = attachmentIds(body.repoAiLlms());
        KeyLimits limits = body.limits() == null ? KeyLimits.NONE : body.limits().checked();
        Instant now = Instant.now(clock);
        Repo created = SqlErrors.unique(() -> jdbi.inTransaction(h -> {
            Access.WorkspaceGrant grant = access.workspace(h, caller, workspaceId, AccessType.WRITE);
            if (Repos.nameTaken(h, workspaceId, name, null)) {
                throw duplicate(name);
            }
            requireSameWorkspace(h, workspaceId, aiLlmIds);
            Repo repo = new Repo(Ids.newId(), grant.orgId(), workspaceId, name, Boolean.TRUE.equals(body.disabled()),
                    caller.userId(), now, now);
            Repos.insert(h, repo);
            Repos.attach(h, repo.id(), aiLlmIds, now);
            LimitColumns.REPO.write(h, repo.id(), limits);
            audit.record(h, AuditLog.by(caller, workspaceId, AuditContext.REPO, repo.id(), AuditAction.CREATED,
                    Map.of("name", name, "aiLlmIds", aiLlmIds, "limits", limits)));
            return repo;
        }), () -> duplicate(name));
        return Reply.ok("repoId", created.id()).put("message", "Repository created")
                .put("repo", jdbi.withHandle(h -> view(h, created)));
    }

    private Reply list(ApiRequest req) {
        Principal caller = req.principal();
        Page page = req.page();
        String workspaceId = req.query("workspaceId").orElse(null);
        String repoId = req.query("repoId").orElse(null);
        return jdbi.withHandle(h -> {
            if (repoId != null) {
                Repo repo = Repos.visible(h, access, caller, Ids.isValid(repoId) ? repoId : Ids.newId(), AccessType.READ);
                return Reply.page("repos", List.of(view(h, repo)), 1, page);
            }
            if (workspaceId != null) {
                access.workspace(h, caller, Ids.isValid(workspaceId) ? workspaceId : null, AccessType.READ);
            }
            List<Map<String, Object>> items = new ArrayList<>();
            for (Repo repo : Repos.visible(h, caller, workspaceId, page.skip(), page.take())) {
                items.add(view(h, repo));
            }
            return Reply.page("repos", items, Repos.countVisible(h, caller, workspaceId), page);
        });
    }

    private Reply get(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Repository");
        return jdbi.withHandle(h -> Reply.ok("repo", view(h, Repos.visible(h, access, caller, id, AccessType.READ))));
    }

    private Reply update(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Repository");
        RepoBody body = req.body(RepoBody.class);
        String name = Fields.optionalName(body.name(), "name", MAX_NAME);
        List<String> aiLlmIds = body.repoAiLlms() == null ? null : attachmentIds(body.repoAiLlms());
        KeyLimits limits = body.limits() == null ? null : body.limits().checked();
        Repo updated = SqlErrors.unique(() -> jdbi.inTransaction(h -> {
            Repo current = Repos.visible(h, access, caller, id, AccessType.WRITE);
            Map<String, Object> details = new LinkedHashMap<>();
            if (name != null && !name.equals(current.name())) {
                if (Repos.nameTaken(h, current.workspaceId(), name, id)) {
                    throw duplicate(name);
                }
                details.put("name", name);
                details.put("previousName", current.name());
            }
            if (body.disabled() != null && body.disabled() != current.disabled()) {
                details.put("disabled", body.disabled());
            }
            if (aiLlmIds != null && !aiLlmIds.equals(Repos.attached(h, id).stream().map(AiLlm::id).toList())) {
                requireSameWorkspace(h, current.workspaceId(), aiLlmIds);
                Repos.attach(h, id, aiLlmIds, Instant.now(clock));
                details.put("aiLlmIds", aiLlmIds);
            }
            if (limits != null && !limits.equals(LimitColumns.REPO.read(h, id))) {
                LimitColumns.REPO.write(h, id, limits);
                details.put("limits", limits);
            }
            if (details.isEmpty()) {
                return current;
            }
            h.createUpdate("UPDATE repo SET name = :name, disabled = :disabled, updated_at = :now WHERE id = :id")
                    .bind("name", name == null ? current.name() : name)
                    .bind("disabled", body.disabled() == null ? current.disabled() : body.disabled())
                    .bind("now", Instant.now(clock)).bind("id", id).execute();
            audit.record(h, AuditLog.by(caller, current.workspaceId(), AuditContext.REPO, id, AuditAction.UPDATED, details));
            return Repos.byId(h, id).orElseThrow();
        }), () -> duplicate(name));
        return Reply.ok("repoId", id).put("message", "Repository updated").put("repo", jdbi.withHandle(h -> view(h, updated)));
    }

    private Reply delete(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Repository");
        jdbi.useTransaction(h -> {
            Repo current = Repos.visible(h, access, caller, id, AccessType.ADMIN);
            List<String> policies = Policies.deleteOfRepo(h, id);
            h.createUpdate("DELETE FROM repo WHERE id = :id").bind("id", id).execute();
            audit.record(h, AuditLog.by(caller, current.workspaceId(), AuditContext.REPO, id, AuditAction.DELETED,
                    Map.of("name", current.name(), "policyIds", policies)));
        });
        return Reply.ok("message", "Repository deleted");
    }

    /** The models of the repository's validated configurations, in attachment order, optionally of one aiType. */
    private Reply models(ApiRequest req) {
        Principal caller = req.principal();
        ModelsBody body = req.body(ModelsBody.class);
        String repoId = Fields.requireId(body.repoId(), "repoId", "Repository");
        String typeFilter = body.aiType() != null ? body.aiType() : body.llmType();
        AiType only = typeFilter == null ? null : AiType.parse(typeFilter, body.aiType() != null ? "aiType" : "llmType");
        return jdbi.withHandle(h -> {
            Repos.visible(h, access, caller, repoId, AccessType.READ);
            List<Map<String, Object>> models = new ArrayList<>();
            for (AiLlm c : Repos.attached(h, repoId)) {
                if (c.validationStatus() != ValidationStatus.VALID || (only != null && c.aiType() != only)) {
                    continue;
                }
                for (ModelEntry m : AiLlms.models(h, c.id())) {
                    Map<String, Object> model = new LinkedHashMap<>();
                    model.put("id", m.id());
                    model.put("name", m.displayName());
                    model.put("created", m.created());
                    model.put("aiType", c.aiType());
                    model.put("llmType", c.aiType());
                    model.put("llmProvider", c.name());
                    model.put("aiLlmId", c.id());
                    model.put("capabilities", m.capabilities());
                    models.add(model);
                }
            }
            return Reply.ok("models", models);
        });
    }

    /** The ids to attach, in order and without repeats; a malformed id names nothing (404). */
    private static List<String> attachmentIds(List<Attachment> attachments) {
        if (attachments == null) {
            return List.of();
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (Attachment a : attachments) {
            if (a == null) {
                throw ApiException.badRequest("repoAiLlms entries must be objects with aiLlmId");
            }
            ids.add(Fields.requireId(a.aiLlmId(), "repoAiLlms[].aiLlmId", "AI LLM configuration"));
        }
        return List.copyOf(ids);
    }

    /** Only configurations of the repository's own workspace can be attached; any other answers 404. */
    private static void requireSameWorkspace(Handle h, String workspaceId, List<String> aiLlmIds) {
        for (String aiLlmId : aiLlmIds) {
            AiLlms.byId(h, aiLlmId).filter(c -> c.workspaceId().equals(workspaceId))
                    .orElseThrow(() -> ApiException.notFound("AI LLM configuration"));
        }
    }

    private static ApiException duplicate(String name) {
        return ApiException.conflict("A repository named '" + name + "' already exists in this workspace");
    }

    private static Map<String, Object> view(Handle h, Repo repo) {
        List<Map<String, Object>> aiLlms = new ArrayList<>();
        for (AiLlm c : Repos.attached(h, repo.id())) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("id", c.id());
            summary.put("name", c.name());
            summary.put("aiType", c.aiType());
            summary.put("endpoint", c.endpoint());
            summary.put("key", c.keyHint());
            summary.put("validationStatus", c.validationStatus());
            aiLlms.add(Map.of("aiLlmId", c.id(), "aiLlm", summary));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", repo.id());
        view.put("name", repo.name());
        view.put("orgId", repo.orgId());
        view.put("workspaceId", repo.workspaceId());
        view.put("aiLlms", aiLlms);
        view.put("createdAt", repo.createdAt());
        view.put("updatedAt", repo.updatedAt());
        view.put("disabled", repo.disabled());
        view.put("limits", LimitColumns.REPO.read(h, repo.id()));
        return view;
    }
}
