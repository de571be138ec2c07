package io.gatehouse.platform.user;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Fields;
import io.gatehouse.platform.OrgRole;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.store.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /organization/users}: the people of the caller's organization. Every member can list them (to add
 * workspace members); owners and administrators create them with a role, change roles and remove them.
 * Only an owner grants or takes the owner role, and the last owner cannot be removed or demoted.
 */
public final class OrgUsersResource implements ApiResource {
    private final Jdbi jdbi;
    private final AuditLog audit;
    private final Clock clock;

    public OrgUsersResource(Jdbi jdbi, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
    }

    record CreateBody(String email, String password, @JsonAlias("name") String firstName, String lastName, Integer orgRole) {
    }

    record UpdateBody(String name, String lastName, Integer orgRole) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/organization/users", this::list);
        routes.post("/organization/users", this::create);
        routes.get("/organization/users/{userId}", this::get);
        routes.put("/organization/users/{userId}", this::update);
        routes.delete("/organization/users/{userId}", this::delete);
    }

    private Reply list(ApiRequest req) {
        Principal caller = req.principal();
        Page page = req.page();
        return jdbi.withHandle(h -> Reply.page("data",
                Users.ofOrg(h, caller.orgId(), page.skip(), page.take()).stream().map(UserView::of).toList(),
                Users.countOfOrg(h, caller.orgId()), page));
    }

    private Reply get(ApiRequest req) {
        Principal caller = req.principal();
        String userId = req.pathId("userId", "User");
        return jdbi.withHandle(h -> Reply.ok("data", UserView.of(
                Users.inOrg(h, caller.orgId(), userId).orElseThrow(() -> ApiException.notFound("User")))));
    }

    private Reply create(ApiRequest req) {
        Principal caller = req.principal();
        CreateBody body = req.body(CreateBody.class);
        Access.requireOrgManager(caller);
        String email = Fields.requireEmail(body.email(), "email");
        String name = Fields.requireName(body.firstName(), "firstName", 200);
        String lastName = body.lastName() == null ? "" : Fields.blankableName(body.lastName(), "lastName", 200);
        OrgRole role = body.orgRole() == null ? OrgRole.USER : OrgRole.fromCode(body.orgRole());
        requireMayGrant(caller, role);
        boolean generated = body.password() == null;
        String password = generated
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(Tokens.randomBytes(18))
                : Fields.requirePassword(body.password(), "password");
        User user = new User(Ids.newId(), caller.orgId(), email, name, lastName, PasswordHasher.hash(password), role,
                Instant.now(clock));
        jdbi.useTransaction(h -> {
            if (Users.emailTaken(h, email)) {
                throw ApiException.conflict("An account with this e-mail already exists");
            }
            Users.insert(h, user);
            audit.record(h, AuditLog.by(caller, null, AuditContext.USER, user.id(), AuditAction.CREATED,
                    Map.of("email", email, "orgRole", role.code())));
        });
        Reply reply = Reply.ok("data", UserView.of(user)).put("message", "User created");
        if (generated) {
            // The only time this password exists outside the user's head: hand it to the administrator once.
            reply.put("password", password);
        }
        return reply;
    }

    private Reply update(ApiRequest req) {
        Principal caller = req.principal();
        String userId = req.pathId("userId", "User");
        UpdateBody body = req.body(UpdateBody.class);
        String name = Fields.optionalName(body.name(), "name", 200);
        String lastName = Fields.blankableName(body.lastName(), "lastName", 200);
        OrgRole newRole = body.orgRole() == null ? null : OrgRole.fromCode(body.orgRole());
        return jdbi.inTransaction(h -> {
            User target = Users.inOrg(h, caller.orgId(), userId).orElseThrow(() -> ApiException.notFound("User"));
            boolean self = caller.userId().equals(userId);
            if (!self || newRole != null) {
                Access.requireOrgManager(caller);
            }
            Map<String, Object> changed = new LinkedHashMap<>();
            if (newRole != null && newRole != target.orgRole()) {
                requireMayGrant(caller, newRole);
                requireMayGrant(caller, target.orgRole());
                if (target.orgRole() == OrgRole.OWNER) {
                    requireAnotherOwner(h, caller.orgId());
                }
                h.createUpdate("UPDATE app_user SET org_role = :role WHERE id = :id").bind("role", newRole.code()).bind("id", userId).execute();
                changed.put("orgRole", newRole.code());
                changed.put("previousRole", target.orgRole().code());
            }
            if (name != null) {
                h.createUpdate("UPDATE app_user SET name = :v WHERE id = :id").bind("v", name).bind("id", userId).execute();
                changed.put("name", name);
            }
            if (lastName != null) {
                h.createUpdate("UPDATE app_user SET last_name = :v WHERE id = :id").bind("v", lastName).bind("id", userId).execute();
                changed.put("lastName", lastName);
            }
            if (!changed.isEmpty()) {
                audit.record(h, AuditLog.by(caller, null, AuditContext.USER, userId, AuditAction.UPDATED, changed));
            }
            return Reply.ok("data", UserView.of(Users.byId(h, userId).orElseThrow())).put("message", "User updated");
        });
    }

    private Reply delete(ApiRequest req) {
        Principal caller = req.principal();
        String userId = req.pathId("userId", "User");
        jdbi.useTransaction(h -> {
            User target = Users.inOrg(h, caller.orgId(), userId).orElseThrow(() -> ApiException.notFound("User"));
            Access.requireOrgManager(caller);
            requireMayGrant(caller, target.orgRole());
            if (target.orgRole() == OrgRole.OWNER) {
                requireAnotherOwner(h, caller.orgId());
            }
            Users.softDelete(h, userId, Instant.now(clock));
            audit.record(h, AuditLog.by(caller, null, AuditContext.USER, userId, AuditAction.DELETED, Map.of("email", target.email())));
        });
        return Reply.ok("message", "User deleted");
    }

    /** Owners hand out any role; administrators every role but owner. */
    private static void requireMayGrant(Principal caller, OrgRole role) {
        if (role == OrgRole.OWNER && caller.orgRole() != OrgRole.OWNER) {
            throw ApiException.forbidden("Only an owner may grant, change or remove the owner role");
        }
    }

    private static void requireAnotherOwner(Handle h, String orgId) {
        if (Users.countOwners(h, orgId) <= 1) {
            throw ApiException.conflict("The organization must keep at least one owner");
        }
    }
}
