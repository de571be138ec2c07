package io.gatehouse.platform.org;

import io.gatehouse.store.Columns;
import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.platform.AccessType;
import io.gatehouse.platform.OrgRole;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.user.User;
import io.gatehouse.platform.user.Users;
import io.gatehouse.platform.workspace.Workspace;
import io.gatehouse.platform.workspace.Workspaces;
import io.gatehouse.store.Ids;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** SQL for organizations, and the founding of a new one (organization, default workspace, owner). */
public final class Organizations {
    public static final String DEFAULT_WORKSPACE_NAME = "Default";

    private Organizations() {
    }

    public record Organization(String id, String name, Instant createdAt) {
    }

    public record Founded(Organization organization, Workspace workspace, User owner) {
    }

    /** Creates an organization with its default workspace and its owner, recording all three in the audit log. */
    public static Founded found(Handle h, AuditLog audit, String orgName, String ownerEmail, String ownerPassword,
                                String ownerName, String ownerLastName, Instant now) {
        Organization org = new Organization(Ids.newId(), orgName, now);
        h.createUpdate("INSERT INTO organization (id, name, created_at) VALUES (:id, :name, :now)")
                .bind("id", org.id()).bind("name", org.name()).bind("now", now).execute();
        User owner = new User(Ids.newId(), org.id(), ownerEmail, ownerName, ownerLastName,
                PasswordHasher.hash(ownerPassword), OrgRole.OWNER, now);
        Users.insert(h, owner);
        Workspace ws = new Workspace(Ids.newId(), DEFAULT_WORKSPACE_NAME, org.id(), true, now);
        Workspaces.insert(h, ws);
        Workspaces.putMember(h, ws.id(), owner.id(), AccessType.ADMIN, now);
        audit.record(h, new AuditLog.Entry(org.id(), null, owner.id(), AuditContext.ORG, org.id(), AuditAction.CREATED,
                Map.of("name", orgName)));
        audit.record(h, new AuditLog.Entry(org.id(), null, owner.id(), AuditContext.USER, owner.id(), AuditAction.CREATED,
                Map.of("email", ownerEmail, "orgRole", OrgRole.OWNER.code())));
        audit.record(h, new AuditLog.Entry(org.id(), ws.id(), owner.id(), AuditContext.WORKSPACE, ws.id(), AuditAction.CREATED,
                Map.of("name", ws.name(), "default", true)));
        return new Founded(org, ws, owner);
    }

    public static Optional<Organization> byId(Handle h, String id) {
        return h.createQuery("SELECT id, name, created_at FROM organization WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Organization(rs.getString(1), rs.getString(2),
                        Columns.instant(rs, 3)))
                .findOne();
    }

    public static long count(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM organization").mapTo(Long.class).one();
    }
}
