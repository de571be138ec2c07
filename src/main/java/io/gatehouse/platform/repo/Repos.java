package io.gatehouse.platform.repo;

import io.gatehouse.model.Repo;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.AccessType;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.Principal;
import io.gatehouse.model.AiLlm;
import io.gatehouse.platform.aillm.AiLlms;
import io.gatehouse.store.ModelRows;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL for repositories and the configurations attached to them. */
public final class Repos {
    private Repos() {
    }

    /** A repository the caller may act on: 404 when it cannot see its workspace, 403 when its access is short. */
    public static Repo visible(Handle h, Access access, Principal caller, String id, AccessType needed) {
        Repo repo = byId(h, id).orElseThrow(() -> ApiException.notFound("Repository"));
        Access.WorkspaceGrant grant = access.find(h, caller, repo.workspaceId())
                .orElseThrow(() -> ApiException.notFound("Repository"));
        Access.require(grant, needed);
        return repo;
    }

    static Optional<Repo> byId(Handle h, String id) {
        return h.createQuery("SELECT * FROM repo WHERE id = :id").bind("id", id).map(ModelRows.REPO).findOne();
    }

    static void insert(Handle h, Repo r) {
        h.createUpdate("""
                        INSERT INTO repo (id, org_id, workspace_id, name, disabled, created_by, created_at, updated_at)
                        VALUES (:id, :orgId, :workspaceId, :name, :disabled, :createdBy, :createdAt, :updatedAt)""")
                .bindMethods(r).execute();
    }

    static boolean nameTaken(Handle h, String workspaceId, String name, String exceptId) {
        return h.createQuery("SELECT COUNT(*) FROM repo WHERE workspace_id = :ws AND LOWER(name) = LOWER(:name) AND id <> :except")
                .bind("ws", workspaceId).bind("name", name).bind("except", exceptId == null ? "" : exceptId)
                .mapTo(Long.class).one() > 0;
    }

    /** The repositories the caller sees, newest first, optionally in one workspace. */
    static List<Repo> visible(Handle h, Principal caller, String workspaceId, int skip, int take) {
        return filter(h, caller, "SELECT * FROM repo", workspaceId, " ORDER BY created_at DESC, id LIMIT :take OFFSET :skip")
                .bind("take", take).bind("skip", skip).map(ModelRows.REPO).list();
    }

    static long countVisible(Handle h, Principal caller, String workspaceId) {
        return filter(h, caller, "SELECT COUNT(*) FROM repo", workspaceId, "").mapTo(Long.class).one();
    }

    private static Query filter(Handle h, Principal caller, String select, String workspaceId, String tail) {
        return h.createQuery(select + " WHERE org_id = :orgId" + Access.visibleWorkspaces(caller, "workspace_id")
                        + (workspaceId == null ? "" : " AND workspace_id = :ws") + tail)
                .bind("orgId", caller.orgId()).bind("userId", caller.userId()).bind("ws", workspaceId);
    }

    /** The configurations a repository may use, in attachment order. */
    static List<AiLlm> attached(Handle h, String repoId) {
        return h.createQuery("SELECT ai_llm_id FROM repo_ai_llm WHERE repo_id = :repo ORDER BY position")
                .bind("repo", repoId).mapTo(String.class).list().stream()
                .map(id -> AiLlms.byId(h, id).orElseThrow())
                .toList();
    }

    /** Replaces the attachments of a repository with {@code aiLlmIds}, in that order. */
    static void attach(Handle h, String repoId, List<String> aiLlmIds, Instant now) {
        h.createUpdate("DELETE FROM repo_ai_llm WHERE repo_id = :repo").bind("repo", repoId).execute();
        for (int i = 0; i < aiLlmIds.size(); i++) {
            h.createUpdate("INSERT INTO repo_ai_llm (repo_id, ai_llm_id, position, created_at) VALUES (:repo, :aiLlm, :position, :now)")
                    .bind("repo", repoId).bind("aiLlm", aiLlmIds.get(i)).bind("position", i).bind("now", now).execute();
        }
    }
}
