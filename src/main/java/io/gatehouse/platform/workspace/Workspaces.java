package io.gatehouse.platform.workspace;

import io.gatehouse.store.Columns;
import io.gatehouse.platform.AccessType;
import io.gatehouse.platform.Principal;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL for workspaces and their members. */
public final class Workspaces {
    static final RowMapper<Workspace> MAPPER = (rs, ctx) -> new Workspace(rs.getString("id"), rs.getString("name"),
            rs.getString("org_id"), rs.getBoolean("is_default"), Columns.instant(rs, "created_at"));

    private Workspaces() {
    }

    public static void insert(Handle h, Workspace ws) {
        h.createUpdate("INSERT INTO workspace (id, org_id, name, is_default, created_at) VALUES (:id, :orgId, :name, :isDefault, :createdAt)")
                .bind("id", ws.id()).bind("orgId", ws.orgId()).bind("name", ws.name())
                .bind("isDefault", ws.isDefault()).bind("createdAt", ws.createdAt()).execute();
    }

    public static void putMember(Handle h, String workspaceId, String userId, AccessType access, Instant now) {
        int updated = h.createUpdate("UPDATE workspace_member SET access_type = :access WHERE workspace_id = :ws AND user_id = :user")
                .bind("access", access.name()).bind("ws", workspaceId).bind("user", userId).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO workspace_member (workspace_id, user_id, access_type, created_at) VALUES (:ws, :user, :access, :now)")
                    .bind("ws", workspaceId).bind("user", userId).bind("access", access.name()).bind("now", now).execute();
        }
    }

    public static Optional<Workspace> byId(Handle h, String id) {
        return h.createQuery("SELECT * FROM workspace WHERE id = :id").bind("id", id).map(MAPPER).findOne();
    }

    public static boolean nameTaken(Handle h, String orgId, String name, String exceptId) {
        return h.createQuery("SELECT COUNT(*) FROM workspace WHERE org_id = :orgId AND LOWER(name) = LOWER(:name) AND id <> :except")
                .bind("orgId", orgId).bind("name", name).bind("except", exceptId == null ? "" : exceptId)
                .mapTo(Long.class).one() > 0;
    }

    /** The workspaces a caller can see, newest first: all of the organization for its managers, else its memberships. */
    public static List<Workspace> visible(Handle h, Principal caller, int skip, int take) {
        return h.createQuery("SELECT w.* FROM workspace w WHERE w.org_id = :orgId" + visibility(caller)
                        + " ORDER BY w.created_at DESC, w.id LIMIT :take OFFSET :skip")
                .bind("orgId", caller.orgId()).bind("userId", caller.userId())
                .bind("take", take).bind("skip", skip).map(MAPPER).list();
    }

    public static long countVisible(Handle h, Principal caller) {
        return h.createQuery("SELECT COUNT(*) FROM workspace w WHERE w.org_id = :orgId" + visibility(caller))
                .bind("orgId", caller.orgId()).bind("userId", caller.userId()).mapTo(Long.class).one();
    }

    private static String visibility(Principal caller) {
        return caller.managesOrganization() ? ""
                : " AND EXISTS (SELECT 1 FROM workspace_member m WHERE m.workspace_id = w.id AND m.user_id = :userId)";
    }
}
