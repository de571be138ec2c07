package io.gatehouse.platform;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/**
 * Authorization, in one place. A user sees its own organization and the workspaces it is a member of;
 * organization owners and administrators act as ADMIN in every workspace of their organization. Objects a
 * caller cannot see answer 404 (so other tenants' ids reveal nothing); visible objects the caller may not
 * change answer 403.
 */
public final class Access {
    private final Jdbi jdbi;

    public Access(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A workspace as the caller sees it. */
    public record WorkspaceGrant(String workspaceId, String orgId, String name, AccessType access) {
    }

    /** The caller's grant on a workspace, requiring at least {@code needed}. */
    public WorkspaceGrant workspace(Principal caller, String workspaceId, AccessType needed) {
        return jdbi.withHandle(h -> workspace(h, caller, workspaceId, needed));
    }

    public WorkspaceGrant workspace(Handle h, Principal caller, String workspaceId, AccessType needed) {
        WorkspaceGrant grant = find(h, caller, workspaceId)
                .orElseThrow(() -> ApiException.notFound("Workspace"));
        require(grant, needed);
        return grant;
    }

    /** The caller's grant on a workspace, if it can see it at all. */
    public Optional<WorkspaceGrant> find(Handle h, Principal caller, String workspaceId) {
        if (workspaceId == null) {
            return Optional.empty();
        }
        return h.createQuery("""
                        SELECT w.id, w.org_id, w.name, m.access_type
                        FROM workspace w
                        LEFT JOIN workspace_member m ON m.workspace_id = w.id AND m.user_id = :userId
                        WHERE w.id = :id AND w.org_id = :orgId""")
                .bind("id", workspaceId)
                .bind("orgId", caller.orgId())
                .bind("userId", caller.userId())
                .map((rs, ctx) -> {
                    String member = rs.getString("access_type");
                    AccessType access = caller.managesOrganization() ? AccessType.ADMIN
                            : member == null ? null : AccessType.valueOf(member);
                    return new WorkspaceGrant(rs.getString("id"), rs.getString("org_id"), rs.getString("name"), access);
                })
                .findOne()
                .filter(grant -> grant.access() != null);
    }

    /**
     * A SQL condition keeping rows whose {@code workspaceColumn} names a workspace the caller sees (bind
     * {@code :userId} to the caller's id); organization managers see every workspace, so it is empty for them.
     * The query must also restrict to the caller's organization.
     */
    public static String visibleWorkspaces(Principal caller, String workspaceColumn) {
        return caller.managesOrganization() ? ""
                : " AND " + workspaceColumn + " IN (SELECT m.workspace_id FROM workspace_member m WHERE m.user_id = :userId)";
    }

    /** Refuses with 403 when the grant is below what the operation needs. */
    public static void require(WorkspaceGrant grant, AccessType needed) {
        if (!grant.access().allows(needed)) {
            throw ApiException.forbidden(switch (needed) {
                case READ -> "You have no access to this workspace";
                case WRITE -> "This needs WRITE access to the workspace; you have " + grant.access();
                case ADMIN -> "This needs ADMIN access to the workspace; you have " + grant.access();
            });
        }
    }

    /** Organization-wide operations are for owners and administrators only. */
    public static void requireOrgManager(Principal caller) {
        if (!caller.managesOrganization()) {
            throw ApiException.forbidden("Only organization owners and administrators may do this");
        }
    }

    /** Another organization's id answers as if it did not exist. */
    public static void requireOwnOrg(Principal caller, String orgId) {
        if (orgId == null || !orgId.equals(caller.orgId())) {
            throw ApiException.notFound("Organization");
        }
    }
}
