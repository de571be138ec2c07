package io.gatehouse.platform.workspace;

import io.gatehouse.platform.Access;
import io.gatehouse.platform.AccessType;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.model.KeyLimits;
import io.gatehouse.platform.Fields;
import io.gatehouse.platform.LimitColumns;
import io.gatehouse.platform.OrgRole;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.policy.Policies;
import io.gatehouse.platform.user.Users;
import io.gatehouse.store.Ids;
import io.gatehouse.store.SqlErrors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /workspace}: create, list, read, rename and delete workspaces, and manage their members
 * ({@code /workspace/{id}/users}). Members are given as {@code role} (the reference API's name) or
 * {@code accessType}; both are answered.
 */
public final class WorkspaceResource implements ApiResource {
    private static final int MAX_NAME = 200;

    private final Jdbi jdbi;
    private final Access access;
    private final AuditLog audit;
    private final Clock clock;

    public WorkspaceResource(Jdbi jdbi, Access access, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    record WorkspaceBody(String name, KeyLimits limits) {
    }

    record MemberBody(String userId, String role, String accessType) {
        AccessType access() {
            return AccessType.parse(role != null ? role : accessType, "role");
        }
    }

    /** A member as listed: the grant and who it is. */
    public record Member(String userId, AccessType role, AccessType accessType, MemberUser user) {
    }

    public record MemberUser(String id, String name, String lastName, String email, OrgRole orgRole) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.post("/workspace", this::create);
        routes.get("/workspace", this::list);
        routes.get("/workspace/{id}", this::get);
        routes.put("/workspace/{id}", this::update);
        routes.delete("/workspace/{id}", this::delete);
        routes.get("/workspace/{id}/users", this::listMembers);
        routes.post("/workspace/{id}/users", this::addMember);
        routes.get("/workspace/{id}/users/{userId}", this::getMember);
        routes.put("/workspace/{id}/users/{userId}", this::updateMember);
        routes.delete("/workspace/{id}/users/{userId}", this::removeMember);
    }

    private Reply create(ApiRequest req) {
        Principal caller = req.principal();
        WorkspaceBody body = req.body(WorkspaceBody.class);
        String name = Fields.requireName(body.name(), "name", MAX_NAME);
        KeyLimits limits = body.limits() == null ? KeyLimits.NONE : body.limits().checked();
        if (!caller.orgRole().createsWorkspaces()) {
            throw ApiException.forbidden("Only organization owners, administrators and workspace managers may create workspaces");
        }
        Workspace ws = new Workspace(Ids.newId(), name, caller.orgId(), false, Instant.now(clock));
        jdbi.useTransaction(h -> {
            if (Workspaces.nameTaken(h, caller.orgId(), name, null)) {
                throw ApiException.conflict("A workspace named '" + name + "' already exists");
            }
            Workspaces.insert(h, ws);
            Workspaces.putMember(h, ws.id(), caller.userId(), AccessType.ADMIN, ws.createdAt());
            LimitColumns.WORKSPACE.write(h, ws.id(), limits);
            audit.record(h, AuditLog.by(caller, ws.id(), AuditContext.WORKSPACE, ws.id(), AuditAction.CREATED,
                    Map.of("name", name, "limits", limits)));
        });
        return Reply.ok("workspace", view(ws, AccessType.ADMIN, null, limits));
    }

    private Reply list(ApiRequest req) {
        Principal caller = req.principal();
        Page page = req.page();
        return jdbi.withHandle(h -> {
            List<Map<String, Object>> items = Workspaces.visible(h, caller, page.skip(), page.take()).stream()
                    .map(ws -> view(ws, access.find(h, caller, ws.id()).orElseThrow().access(), members(h, ws.id()),
                            LimitColumns.WORKSPACE.read(h, ws.id())))
                    .toList();
            return Reply.page("workspaces", items, Workspaces.countVisible(h, caller), page);
        });
    }

    private Reply get(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Workspace");
        return jdbi.withHandle(h -> {
            Access.WorkspaceGrant grant = access.workspace(h, caller, id, AccessType.READ);
            Workspace ws = Workspaces.byId(h, id).orElseThrow(() -> ApiException.notFound("Workspace"));
            return Reply.ok("workspace", view(ws, grant.access(), members(h, id), LimitColumns.WORKSPACE.read(h, id)));
        });
    }

    private Reply update(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Workspace");
        WorkspaceBody body = req.body(WorkspaceBody.class);
        String name = Fields.optionalName(body.name(), "name", MAX_NAME);
        KeyLimits limits = body.limits() == null ? null : body.limits().checked();
        return jdbi.inTransaction(h -> {
            Access.WorkspaceGrant grant = access.workspace(h, caller, id, AccessType.WRITE);
            if (name != null && !name.equals(grant.name())) {
                if (Workspaces.nameTaken(h, caller.orgId(), name, id)) {
                    throw ApiException.conflict("A workspace named '" + name + "' already exists");
                }
                h.createUpdate("UPDATE workspace SET name = :name WHERE id = :id").bind("name", name).bind("id", id).execute();
                audit.record(h, AuditLog.by(caller, id, AuditContext.WORKSPACE, id, AuditAction.UPDATED,
                        Map.of("name", name, "previousName", grant.name())));
            }
            if (limits != null && !limits.equals(LimitColumns.WORKSPACE.read(h, id))) {
                LimitColumns.WORKSPACE.write(h, id, limits);
                audit.record(h, AuditLog.by(caller, id, AuditContext.WORKSPACE, id, AuditAction.UPDATED,
                        Map.of("limits", limits)));
            }
            Workspace ws = Workspaces.byId(h, id).orElseThrow(() -> ApiException.notFound("Workspace"));
            return Reply.ok("workspace", view(ws, grant.access(), null, LimitColumns.WORKSPACE.read(h, id)));
        });
    }

    private Reply delete(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Workspace");
        try {
            jdbi.useTransaction(h -> {
                Access.WorkspaceGrant grant = access.workspace(h, caller, id, AccessType.ADMIN);
                Workspace ws = Workspaces.byId(h, id).orElseThrow(() -> ApiException.notFound("Workspace"));
                if (ws.isDefault()) {
                    throw ApiException.conflict("The default workspace cannot be deleted");
                }
                List<String> policies = Policies.deleteOfWorkspace(h, id);
                h.createUpdate("DELETE FROM workspace WHERE id = :id").bind("id", id).execute();
                audit.record(h, AuditLog.by(caller, id, AuditContext.WORKSPACE, id, AuditAction.DELETED,
                        Map.of("name", grant.name(), "policyIds", policies)));
            });
        } catch (StatementException e) {
            if (SqlErrors.isForeignKeyViolation(e)) {
                throw ApiException.conflict("The workspace still holds configurations, shared API keys or repositories; delete them first");
            }
            throw e;
        }
        return Reply.ok("message", "Workspace deleted");
    }

    private Reply listMembers(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Workspace");
        return jdbi.withHandle(h -> {
            access.workspace(h, caller, id, AccessType.READ);
            List<Member> members = members(h, id);
            return Reply.ok("users", members).put("total", members.size());
        });
    }

    private Reply getMember(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Workspace");
        String userId = req.pathId("userId", "Member");
        return jdbi.withHandle(h -> {
            access.workspace(h, caller, id, AccessType.READ);
            Member member = members(h, id).stream().filter(m -> m.userId().equals(userId)).findFirst()
                    .orElseThrow(() -> ApiException.notFound("Member"));
            return Reply.ok("user", member);
        });
    }

    private Reply addMember(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Workspace");
        MemberBody body = req.body(MemberBody.class);
        String userId = Fields.requireId(body.userId(), "userId", "User");
        AccessType role = body.access();
        return jdbi.inTransaction(h -> {
            access.workspace(h, caller, id, AccessType.ADMIN);
            Users.inOrg(h, caller.orgId(), userId).orElseThrow(() -> ApiException.notFound("User"));
            Workspaces.putMember(h, id, userId, role, Instant.now(clock));
            audit.record(h, AuditLog.by(caller, id, AuditContext.WORKSPACEUSER, userId, AuditAction.CREATED, Map.of("role", role.name())));
            return Reply.ok("message", "Member added");
        });
    }

    private Reply updateMember(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Workspace");
        String userId = req.pathId("userId", "Member");
        AccessType role = req.body(MemberBody.class).access();
        return jdbi.inTransaction(h -> {
            access.workspace(h, caller, id, AccessType.ADMIN);
            int updated = h.createUpdate("UPDATE workspace_member SET access_type = :role WHERE workspace_id = :ws AND user_id = :user")
                    .bind("role", role.name()).bind("ws", id).bind("user", userId).execute();
            if (updated == 0) {
                throw ApiException.notFound("Member");
            }
            audit.record(h, AuditLog.by(caller, id, AuditContext.WORKSPACEUSER, userId, AuditAction.UPDATED, Map.of("role", role.name())));
            return Reply.ok("message", "Member updated");
        });
    }

    private Reply removeMember(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Workspace");
        String userId = req.pathId("userId", "Member");
        return jdbi.inTransaction(h -> {
            access.workspace(h, caller, id, AccessType.ADMIN);
            int deleted = h.createUpdate("DELETE FROM workspace_member WHERE workspace_id = :ws AND user_id = :user")
                    .bind("ws", id).bind("user", userId).execute();
            if (deleted == 0) {
                throw ApiException.notFound("Member");
            }
            audit.record(h, AuditLog.by(caller, id, AuditContext.WORKSPACEUSER, userId, AuditAction.DELETED, Map.of()));
            return Reply.ok("message", "Member removed");
        });
    }

    private static List<Member> members(Handle h, String workspaceId) {
        return h.createQuery("""
                        SELECT m.user_id, m.access_type, u.name, u.last_name, u.email, u.org_role
                        FROM workspace_member m JOIN app_user u ON u.id = m.user_id
                        WHERE m.workspace_id = :ws AND u.deleted_at IS NULL
                        ORDER BY m.created_at, m.user_id""")
                .bind("ws", workspaceId)
                .map((rs, ctx) -> {
                    AccessType role = AccessType.valueOf(rs.getString("access_type"));
                    return new Member(rs.getString("user_id"), role, role, new MemberUser(rs.getString("user_id"),
                            rs.getString("name"), rs.getString("last_name"), rs.getString("email"),
                            OrgRole.fromCode(rs.getInt("org_role"))));
                })
                .list();
    }

    private static Map<String, Object> view(Workspace ws, AccessType callerAccess, List<Member> members,
                                            KeyLimits limits) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", ws.id());
        view.put("name", ws.name());
        view.put("orgId", ws.orgId());
        view.put("default", ws.isDefault());
        view.put("createdAt", ws.createdAt());
        view.put("access", callerAccess);
        view.put("limits", limits);
        if (members != null) {
            view.put("users", members);
        }
        return view;
    }
}
