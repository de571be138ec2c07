package io.gatehouse.platform.policy;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.model.PolicyScope;
import io.gatehouse.model.RiskType;
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
import java.util.List;
import java.util.Map;

/**
 * {@code /policy}: AI policies. Scope follows from the ids a policy carries: neither (organization), a workspace,
 * or a repository (whose workspace it also carries). Organization policies are read by every member and
 * changed only by organization owners and administrators; workspace and repository policies follow the
 * workspace's roles — READ lists, WRITE creates and changes, ADMIN deletes. Every change bumps the change feed
 * (through the audit log), so gateways reload their policies.
 */
public final class PolicyResource implements ApiResource {
    static final int MAX_NAME = 200;
    static final int MAX_CONTENT = 8000;
    /** How much of a rule's text an update's audit record keeps, before and after (the record holds 20000 characters). */
    private static final int AUDITED_CONTENT = 4000;

    private final Jdbi jdbi;
    private final Access access;
    private final AuditLog audit;
    private final Clock clock;

    public PolicyResource(Jdbi jdbi, Access access, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    record CreateBody(String name, String content, String riskType, Integer actionType, Boolean enabled, String orgId,
                      String workspaceId, String repoId) {
    }

    record UpdateBody(String name, String content, String riskType, Integer actionType, Boolean enabled, String orgId,
                      String workspaceId, String repoId) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.post("/policy", this::create);
        routes.get("/policy", this::list);
        // /policy/violations and /policy/alerts (PolicyEventResource) are registered before these.
        routes.get("/policy/{policyId}", this::get);
        routes.put("/policy/{policyId}", this::update);
        routes.delete("/policy/{policyId}", this::delete);
    }

    private Reply create(ApiRequest req) {
        Principal caller = req.principal();
        CreateBody body = req.body(CreateBody.class);
        String name = Fields.requireName(body.name(), "name", MAX_NAME);
        String content = Fields.requireText(body.content(), "content", MAX_CONTENT);
        RiskType risk = RiskType.parse(body.riskType(), "riskType");
        PolicyAction action = PolicyAction.parse(body.actionType(), "actionType");
        boolean enabled = body.enabled() == null || body.enabled();
        if (body.orgId() != null) {
            Access.requireOwnOrg(caller, body.orgId());
        }
        String workspaceId = optionalId(body.workspaceId(), "Workspace");
        String repoId = optionalId(body.repoId(), "Repository");
        String id = Ids.newId();
        Instant now = Instant.now(clock);
        Map<String, Object> created = jdbi.inTransaction(h -> {
            String scopeWorkspace = authorizeScope(h, caller, workspaceId, repoId);
            boolean judge = PolicyReading.judgeConfigured(h, caller.orgId());
            if (!judge && PolicyReading.needsJudgeToLetTrafficThrough(content, action, enabled)) {
                throw PolicyReading.judgeRequired(content, action);
            }
            Policies.insert(h, id, caller.orgId(), scopeWorkspace, repoId, name, content, risk, action, enabled,
                    caller.userId(), now);
            Policy policy = Policies.byId(h, id).orElseThrow();
            audit.record(h, AuditLog.by(caller, scopeWorkspace, AuditContext.POLICY, id, AuditAction.CREATED, describe(policy)));
            return view(policy, judge);
        });
        return Reply.ok("policyId", id).put("message", "Policy created").put("policy", created);
    }

    /**
     * Checks the caller may create a policy at the scope the ids name and returns the workspace the policy
     * belongs to (a repository's own workspace; null at organization scope).
     */
    private String authorizeScope(Handle h, Principal caller, String workspaceId, String repoId) {
        if (repoId != null) {
            Repo repo = Repos.visible(h, access, caller, repoId, AccessType.WRITE);
            if (workspaceId != null && !workspaceId.equals(repo.workspaceId())) {
                throw ApiException.invalid("The repository belongs to another workspace than workspaceId; give only repoId");
            }
            return repo.workspaceId();
        }
        if (workspaceId != null) {
            return access.workspace(h, caller, workspaceId, AccessType.WRITE).workspaceId();
        }
        Access.requireOrgManager(caller);
        return null;
    }

    private Reply list(ApiRequest req) {
        Principal caller = req.principal();
        Page page = req.page();
        String orgId = req.query("orgId").orElseThrow(() -> ApiException.badRequest("orgId is required"));
        Access.requireOwnOrg(caller, orgId);
        String workspaceId = req.query("workspaceId").orElse(null);
        String repoId = req.query("repoId").orElse(null);
        PolicyScope scope = req.query("scope").map(s -> PolicyScope.parse(s, "scope")).orElse(null);
        return jdbi.withHandle(h -> {
            if (workspaceId != null) {
                access.workspace(h, caller, Ids.isValid(workspaceId) ? workspaceId : null, AccessType.READ);
            }
            if (repoId != null) {
                if (!Ids.isValid(repoId)) {
                    throw ApiException.notFound("Repository");
                }
                Repos.visible(h, access, caller, repoId, AccessType.READ);
            }
            Policies.Filter filter = new Policies.Filter(workspaceId, repoId, scope);
            boolean judge = PolicyReading.judgeConfigured(h, caller.orgId());
            List<Map<String, Object>> items = new ArrayList<>();
            for (Policy p : Policies.visible(h, caller, filter, page.skip(), page.take())) {
                items.add(view(p, judge));
            }
            return Reply.page("policies", items, Policies.countVisible(h, caller, filter), page);
        });
    }

    private Reply get(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("policyId", "Policy");
        return jdbi.withHandle(h -> Reply.ok("policy", view(visible(h, access, caller, id, AccessType.READ),
                PolicyReading.judgeConfigured(h, caller.orgId()))));
    }

    private Reply update(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("policyId", "Policy");
        UpdateBody body = req.body(UpdateBody.class);
        String name = Fields.optionalName(body.name(), "name", MAX_NAME);
        String content = Fields.optionalText(body.content(), "content", MAX_CONTENT);
        RiskType risk = body.riskType() == null ? null : RiskType.parse(body.riskType(), "riskType");
        PolicyAction action = body.actionType() == null ? null : PolicyAction.parse(body.actionType(), "actionType");
        Map<String, Object> updated = jdbi.inTransaction(h -> {
            Policy current = visible(h, access, caller, id, AccessType.WRITE);
            if (body.orgId() != null && !body.orgId().equals(current.orgId())
                    || body.workspaceId() != null && !body.workspaceId().equals(current.workspaceId())
                    || body.repoId() != null && !body.repoId().equals(current.repoId())) {
                throw ApiException.invalid("A policy's scope cannot be changed; create a policy at the new scope and delete this one");
            }
            Policy next = new Policy(id, current.orgId(), current.workspaceId(), current.repoId(),
                    name == null ? current.name() : name, content == null ? current.content() : content,
                    risk == null ? current.riskType() : risk, action == null ? current.action() : action,
                    body.enabled() == null ? current.enabled() : body.enabled(), current.createdBy(), current.createdAt(),
                    current.lastUpdatedBy(), current.lastUpdatedAt(), current.workspaceName(), current.repoName());
            boolean judge = PolicyReading.judgeConfigured(h, caller.orgId());
            List<String> changed = changes(current, next);
            if (changed.isEmpty()) {
                return view(current, judge);
            }
            if (!judge && PolicyReading.needsJudgeToLetTrafficThrough(next.content(), next.action(), next.enabled())) {
                throw PolicyReading.judgeRequired(next.content(), next.action());
            }
            Policies.update(h, id, next.name(), next.content(), next.riskType(), next.action(), next.enabled(),
                    caller.userId(), Instant.now(clock));
            Map<String, Object> details = describe(next);
            details.put("changed", changed);
            details.put("before", values(current, changed));
            details.put("after", values(next, changed));
            audit.record(h, AuditLog.by(caller, current.workspaceId(), AuditContext.POLICY, id, AuditAction.UPDATED, details));
            return view(Policies.byId(h, id).orElseThrow(), judge);
        });
        return Reply.ok("policyId", id).put("message", "Policy updated").put("policy", updated);
    }

    private Reply delete(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("policyId", "Policy");
        jdbi.useTransaction(h -> {
            Policy current = visible(h, access, caller, id, AccessType.ADMIN);
            Policies.delete(h, id);
            audit.record(h, AuditLog.by(caller, current.workspaceId(), AuditContext.POLICY, id, AuditAction.DELETED,
                    describe(current)));
        });
        return Reply.ok("message", "Policy deleted");
    }

    /**
     * A policy the caller may act on: 404 when it belongs to another organization or to a workspace the caller
     * cannot see; 403 when its workspace access is short of {@code needed}, or, for an organization policy, when
     * a change is asked of someone who does not manage the organization.
     */
    static Policy visible(Handle h, Access access, Principal caller, String id, AccessType needed) {
        Policy policy = Policies.byId(h, id).filter(p -> p.orgId().equals(caller.orgId()))
                .orElseThrow(() -> ApiException.notFound("Policy"));
        if (policy.workspaceId() == null) {
            if (needed != AccessType.READ) {
                Access.requireOrgManager(caller);
            }
            return policy;
        }
        Access.WorkspaceGrant grant = access.find(h, caller, policy.workspaceId())
                .orElseThrow(() -> ApiException.notFound("Policy"));
        Access.require(grant, needed);
        return policy;
    }

    /** An optional id field: absent is null, a malformed id names nothing (404). */
    private static String optionalId(String value, String what) {
        if (value == null) {
            return null;
        }
        if (!Ids.isValid(value.trim())) {
            throw ApiException.notFound(what);
        }
        return value.trim();
    }

    private static List<String> changes(Policy a, Policy b) {
        List<String> changed = new ArrayList<>();
        if (!a.name().equals(b.name())) {
            changed.add("name");
        }
        if (!a.content().equals(b.content())) {
            changed.add("content");
        }
        if (a.riskType() != b.riskType()) {
            changed.add("riskType");
        }
        if (a.action() != b.action()) {
            changed.add("actionType");
        }
        if (a.enabled() != b.enabled()) {
            changed.add("enabled");
        }
        return changed;
    }

    /**
     * The changed fields' values, for the audit log to show what a change replaced: the rule's text cut to
     * {@value #AUDITED_CONTENT} characters so both sides fit the audit record.
     */
    private static Map<String, Object> values(Policy p, List<String> fields) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : fields) {
            values.put(field, switch (field) {
                case "name" -> p.name();
                case "content" -> p.content().length() <= AUDITED_CONTENT ? p.content() : p.content().substring(0, AUDITED_CONTENT) + "…";
                case "riskType" -> p.riskType().name();
                case "actionType" -> p.action().code();
                default -> p.enabled();
            });
        }
        return values;
    }

    /** Audit details: what identifies the policy and how it acts (the rule's text is in the policy itself). */
    private static Map<String, Object> describe(Policy p) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", p.name());
        details.put("scope", p.scope());
        details.put("repoId", p.repoId());
        details.put("riskType", p.riskType());
        details.put("actionType", p.action().code());
        details.put("enabled", p.enabled());
        return details;
    }

    /** A policy as the API shows it, with how it is enforced given whether the organization has a judge. */
    static Map<String, Object> view(Policy p, boolean judgeConfigured) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", p.id());
        view.put("orgId", p.orgId());
        view.put("workspaceId", p.workspaceId());
        view.put("repoId", p.repoId());
        view.put("scope", p.scope());
        view.put("name", p.name());
        view.put("content", p.content());
        view.put("riskType", p.riskType());
        view.put("actionType", p.action().code());
        view.put("enabled", p.enabled());
        view.put("createdBy", author(p.createdBy()));
        view.put("createdAt", p.createdAt());
        view.put("lastUpdatedBy", author(p.lastUpdatedBy()));
        view.put("lastUpdatedAt", p.lastUpdatedAt());
        view.put("workspace", p.workspaceId() == null ? null : named(p.workspaceId(), p.workspaceName()));
        view.put("repo", p.repoId() == null ? null : named(p.repoId(), p.repoName()));
        view.put("enforcement", PolicyReading.enforcement(PolicyReading.read(p.content()), judgeConfigured));
        return view;
    }

    private static Map<String, Object> author(Policy.Author a) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", a.id());
        view.put("email", a.email());
        view.put("name", a.name());
        view.put("lastName", a.lastName());
        return view;
    }

    private static Map<String, Object> named(String id, String name) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("name", name);
        return view;
    }
}
