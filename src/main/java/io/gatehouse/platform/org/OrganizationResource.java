package io.gatehouse.platform.org;

import io.gatehouse.platform.Access;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Fields;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import org.jdbi.v3.core.Jdbi;

import java.util.Map;

/** {@code /organization/{orgId}}: the caller's own organization, readable by its members, renamed by its managers. */
public final class OrganizationResource implements ApiResource {
    private final Jdbi jdbi;
    private final AuditLog audit;

    public OrganizationResource(Jdbi jdbi, AuditLog audit) {
        this.jdbi = jdbi;
        this.audit = audit;
    }

    record UpdateBody(String name) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/organization/{orgId}", this::get);
        routes.put("/organization/{orgId}", this::update);
    }

    private Reply get(ApiRequest req) {
        Principal caller = req.principal();
        String orgId = req.pathParam("orgId");
        Access.requireOwnOrg(caller, orgId);
        return jdbi.withHandle(h -> Reply.ok("data",
                Organizations.byId(h, orgId).orElseThrow(() -> ApiException.notFound("Organization"))));
    }

    private Reply update(ApiRequest req) {
        Principal caller = req.principal();
        String orgId = req.pathParam("orgId");
        Access.requireOwnOrg(caller, orgId);
        String name = Fields.optionalName(req.body(UpdateBody.class).name(), "name", 200);
        Access.requireOrgManager(caller);
        return jdbi.inTransaction(h -> {
            if (name != null) {
                h.createUpdate("UPDATE organization SET name = :name WHERE id = :id").bind("name", name).bind("id", orgId).execute();
                audit.record(h, AuditLog.by(caller, null, AuditContext.ORG, orgId, AuditAction.UPDATED, Map.of("name", name)));
            }
            return Reply.ok("data", Organizations.byId(h, orgId).orElseThrow(() -> ApiException.notFound("Organization")))
                    .put("message", "Organization updated");
        });
    }
}
