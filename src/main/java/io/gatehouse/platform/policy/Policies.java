package io.gatehouse.platform.policy;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.model.PolicyScope;
import io.gatehouse.model.RiskType;
import io.gatehouse.store.Columns;
import io.gatehouse.platform.Principal;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL for policies. */
public final class Policies {
    private static final String SELECT = """
            SELECT p.*, cu.email AS cu_email, cu.name AS cu_name, cu.last_name AS cu_last_name,
                   uu.email AS uu_email, uu.name AS uu_name, uu.last_name AS uu_last_name,
                   w.name AS workspace_name, r.name AS repo_name
            FROM policy p
            LEFT JOIN app_user cu ON cu.id = p.created_by
            LEFT JOIN app_user uu ON uu.id = p.last_updated_by
            LEFT JOIN workspace w ON w.id = p.workspace_id
            LEFT JOIN repo r ON r.id = p.repo_id""";

    static final RowMapper<Policy> MAPPER = (rs, ctx) -> new Policy(rs.getString("id"), rs.getString("org_id"),
            rs.getString("workspace_id"), rs.getString("repo_id"), rs.getString("name"), rs.getString("content"),
            RiskType.valueOf(rs.getString("risk_type")), PolicyAction.fromCode(rs.getInt("action_type")),
            rs.getBoolean("enabled"), author(rs, "created_by", "cu_"), Columns.instant(rs, "created_at"),
            author(rs, "last_updated_by", "uu_"), Columns.instant(rs, "last_updated_at"),
            rs.getString("workspace_name"), rs.getString("repo_name"));

    private Policies() {
    }

    private static Policy.Author author(ResultSet rs, String idColumn, String prefix) throws SQLException {
        return new Policy.Author(rs.getString(idColumn), rs.getString(prefix + "email"), rs.getString(prefix + "name"),
                rs.getString(prefix + "last_name"));
    }

    public static Optional<Policy> byId(Handle h, String id) {
        return h.createQuery(SELECT + " WHERE p.id = :id").bind("id", id).map(MAPPER).findOne();
    }

    /** Every policy, for the policy engine's in-memory snapshot. */
    public static List<Policy> all(Handle h) {
        return h.createQuery(SELECT).map(MAPPER).list();
    }

    /** The enabled policies of an organization, at every scope. */
    static List<Policy> enabledOf(Handle h, String orgId) {
        return h.createQuery(SELECT + " WHERE p.org_id = :org AND p.enabled = :on").bind("org", orgId).bind("on", true).map(MAPPER).list();
    }

    static void insert(Handle h, String id, String orgId, String workspaceId, String repoId, String name, String content,
                       RiskType risk, PolicyAction action, boolean enabled, String userId, Instant now) {
        h.createUpdate("""
                        INSERT INTO policy (id, org_id, workspace_id, repo_id, name, content, risk_type, action_type, enabled,
                            created_by, created_at, last_updated_by, last_updated_at)
                        VALUES (:id, :orgId, :workspaceId, :repoId, :name, :content, :risk, :action, :enabled,
                            :userId, :now, :userId, :now)""")
                .bind("id", id).bind("orgId", orgId).bind("workspaceId", workspaceId).bind("repoId", repoId)
                .bind("name", name).bind("content", content).bind("risk", risk.name()).bind("action", (short) action.code())
                .bind("enabled", enabled).bind("userId", userId).bind("now", now)
                .execute();
    }

    static void update(Handle h, String id, String name, String content, RiskType risk, PolicyAction action, boolean enabled,
                       String userId, Instant now) {
        h.createUpdate("""
                        UPDATE policy SET name = :name, content = :content, risk_type = :risk, action_type = :action,
                            enabled = :enabled, last_updated_by = :userId, last_updated_at = :now WHERE id = :id""")
                .bind("id", id).bind("name", name).bind("content", content).bind("risk", risk.name())
                .bind("action", (short) action.code()).bind("enabled", enabled).bind("userId", userId).bind("now", now)
                .execute();
    }

    static void delete(Handle h, String id) {
        h.createUpdate("DELETE FROM policy WHERE id = :id").bind("id", id).execute();
    }

    /**
     * Deletes the policies of a repository that is being deleted (in the same transaction), returning their ids
     * so the repository's audit event can name them.
     */
    public static List<String> deleteOfRepo(Handle h, String repoId) {
        List<String> ids = h.createQuery("SELECT id FROM policy WHERE repo_id = :repo").bind("repo", repoId).mapTo(String.class).list();
        h.createUpdate("DELETE FROM policy WHERE repo_id = :repo").bind("repo", repoId).execute();
        return ids;
    }

    /** Deletes the workspace policies of a workspace that is being deleted, returning their ids. */
    public static List<String> deleteOfWorkspace(Handle h, String workspaceId) {
        List<String> ids = h.createQuery("SELECT id FROM policy WHERE workspace_id = :ws AND repo_id IS NULL")
                .bind("ws", workspaceId).mapTo(String.class).list();
        h.createUpdate("DELETE FROM policy WHERE workspace_id = :ws AND repo_id IS NULL").bind("ws", workspaceId).execute();
        return ids;
    }

    /** What a policy list is narrowed to; null fields do not narrow. */
    record Filter(String workspaceId, String repoId, PolicyScope scope) {
    }

    /** The policies of the caller's organization it may see, newest first. */
    static List<Policy> visible(Handle h, Principal caller, Filter filter, int skip, int take) {
        return filter(h, caller, SELECT, filter, " ORDER BY p.created_at DESC, p.id LIMIT :take OFFSET :skip")
                .bind("take", take).bind("skip", skip).map(MAPPER).list();
    }

    static long countVisible(Handle h, Principal caller, Filter filter) {
        return filter(h, caller, "SELECT COUNT(*) FROM policy p", filter, "").mapTo(Long.class).one();
    }

    private static Query filter(Handle h, Principal caller, String select, Filter filter, String tail) {
        StringBuilder where = new StringBuilder(" WHERE p.org_id = :orgId");
        // Organization policies govern every member's requests, so every member may read them.
        if (!caller.managesOrganization()) {
            where.append(" AND (p.workspace_id IS NULL OR p.workspace_id IN"
                    + " (SELECT m.workspace_id FROM workspace_member m WHERE m.user_id = :userId))");
        }
        if (filter.workspaceId() != null) {
            where.append(" AND p.workspace_id = :ws");
        }
        if (filter.repoId() != null) {
            where.append(" AND p.repo_id = :repo");
        }
        if (filter.scope() != null) {
            where.append(switch (filter.scope()) {
                case ORGANIZATION -> " AND p.workspace_id IS NULL";
                case WORKSPACE -> " AND p.workspace_id IS NOT NULL AND p.repo_id IS NULL";
                case REPOSITORY -> " AND p.repo_id IS NOT NULL";
            });
        }
        return h.createQuery(select + where + tail)
                .bind("orgId", caller.orgId()).bind("userId", caller.userId())
                .bind("ws", filter.workspaceId()).bind("repo", filter.repoId());
    }
}
