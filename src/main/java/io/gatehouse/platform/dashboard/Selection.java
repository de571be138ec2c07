package io.gatehouse.platform.dashboard;

import io.gatehouse.platform.Access;
import io.gatehouse.platform.AccessType;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.repo.Repos;
import io.gatehouse.store.Ids;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which roll-up rows a dashboard request reads: the caller's organization, narrowed to the scope (a workspace or
 * repository it can see, else 404 as everywhere in the Platform API; members see only their workspaces of the
 * organization), the window's buckets, and the resource filters, each narrowing further.
 */
record Selection(Principal caller, String scope, String scopeId, Window window, List<Instant> buckets,
                 String condition, Map<String, Object> bindings, Map<String, String> resourceFilter) {
    static final int MAX_MODEL_LENGTH = 200;

    /** A resource filter: the query parameter, its {@code resourceFilter.type}, and the condition it adds. */
    record Filter(String param, String type, String condition) {
        static final Filter MODEL = new Filter("model", "model", "u.llm_model = :f_model");
        static final Filter API_KEY = new Filter("apiKeyId", "apiKey", "u.api_key_id = :f_apiKeyId");
        static final Filter RULE = new Filter("ruleId", "rule", "u.policy_id = :f_ruleId");
        static final Filter USER = new Filter("userId", "user", """
                u.api_key_id IN (SELECT fk.id FROM repo_ai_key fk WHERE fk.kind = 'conversation' AND fk.created_by = :f_userId)""");
    }

    /**
     * Reads {@code scope} (required unless {@code scopeDefault} is given), {@code id}, {@code window} and the filters
     * an endpoint offers, and checks the scope against what the caller sees.
     */
    static Selection parse(Handle h, Access access, ApiRequest req, Instant now, String scopeDefault,
                           List<Filter> offered) {
        Principal caller = req.principal();
        String scope = req.query("scope").map(String::trim).orElse(scopeDefault);
        if (scope == null || scope.isEmpty()) {
            throw ApiException.badRequest("scope is required: one of org, workspace, repo");
        }
        String id = req.query("id").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        Window window = Window.parse(req.query("window").orElse(null));

        StringBuilder condition = new StringBuilder(" AND u.org_id = :orgId");
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("orgId", caller.orgId());
        switch (scope) {
            case "org" -> {
                if (id != null) {
                    Access.requireOwnOrg(caller, id);
                }
                id = caller.orgId();
                condition.append(Access.visibleWorkspaces(caller, "u.workspace_id"));
                if (!caller.managesOrganization()) {
                    bindings.put("userId", caller.userId());
                }
            }
            case "workspace" -> {
                String workspaceId = requireId(id, "Workspace");
                access.find(h, caller, workspaceId).orElseThrow(() -> ApiException.notFound("Workspace"));
                condition.append(" AND u.workspace_id = :scopeId");
                bindings.put("scopeId", workspaceId);
            }
            case "repo" -> {
                String repoId = requireId(id, "Repository");
                Repos.visible(h, access, caller, repoId, AccessType.READ);
                condition.append(" AND u.repo_id = :scopeId");
                bindings.put("scopeId", repoId);
            }
            default -> throw ApiException.badRequest("scope must be one of org, workspace, repo");
        }

        Map<String, String> resourceFilter = new LinkedHashMap<>();
        for (Filter filter : offered) {
            String value = req.query(filter.param()).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
            if (value == null) {
                continue;
            }
            if (filter == Filter.MODEL ? value.length() > MAX_MODEL_LENGTH : !Ids.isValid(value)) {
                throw ApiException.badRequest(filter == Filter.MODEL
                        ? "model must be at most " + MAX_MODEL_LENGTH + " characters" : filter.param() + " must be an id");
            }
            condition.append(" AND ").append(filter.condition());
            bindings.put("f_" + filter.param(), value);
            if (resourceFilter.isEmpty()) {
                resourceFilter.put("type", filter.type());
                resourceFilter.put("id", value);
            }
        }
        List<Instant> buckets = window.buckets(now);
        return new Selection(caller, scope, id, window, buckets, condition.toString(), bindings, resourceFilter);
    }

    private static String requireId(String id, String what) {
        if (id == null) {
            throw ApiException.badRequest("id is required for this scope");
        }
        if (!Ids.isValid(id)) {
            throw ApiException.notFound(what);
        }
        return id;
    }

    /** The first bucket's start. */
    Instant from() {
        return buckets.getFirst();
    }

    /** The end of the last bucket (exclusive). */
    Instant to() {
        return buckets.getLast().plus(window.bucket());
    }

    /** The index of the window bucket holding a roll-up bucket, or -1 outside the window. */
    int bucketOf(Instant rollupBucket) {
        long offset = rollupBucket.toEpochMilli() - from().toEpochMilli();
        if (offset < 0 || !rollupBucket.isBefore(to())) {
            return -1;
        }
        return (int) (offset / window.bucket().toMillis());
    }

    /** {@code TimeSeriesMeta} / the common part of {@code BreakdownMeta}. */
    Map<String, Object> meta(Instant now) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("start", from().toEpochMilli());
        meta.put("end", now.toEpochMilli());
        meta.put("scope", scope);
        meta.put("scopeId", scopeId);
        return meta;
    }
}
