package io.gatehouse.platform.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.gateway.snapshot.GatewaySnapshot;
import io.gatehouse.route.Route;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.AccessType;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Fields;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.model.Repo;
import io.gatehouse.platform.repo.Repos;
import io.gatehouse.policy.judge.JsonChat;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /policy/validate} and {@code POST /policy/recommend}. Validation always answers what Gatehouse knows
 * for certain ({@link PolicyLinter}: the detectors' reading of each rule, its {@code enforcement}, and wording
 * issues) and adds the judge's assessment ({@link PolicyAdvisor}) when the organization has a judge. Recommending
 * is the judge's alone: without one it answers 422. Any member may validate; recommending for a workspace or
 * repository needs READ on it. Validation with {@code "judge": false} skips the judge (Gatehouse's reading only, no
 * cost: the console asks it as a rule is typed) while still saying whether the organization has one.
 */
public final class PolicyAdviceResource implements ApiResource {
    private static final int MAX_POLICIES = 20;
    private static final int MAX_CONTENT = 8000;
    private static final int MAX_PROMPT = 4000;
    private static final int MAX_UUID = 100;
    private static final int MAX_RECOMMENDATIONS = 10;
    private static final Set<String> ISSUE_TYPES = Set.of("ambiguity", "verbosity", "clarity", "scope", "actionability");

    private final Jdbi jdbi;
    private final Access access;
    private final PolicyAdvisor advisor;

    /**
     * @param snapshot where the judge configuration's opened credentials come from (the gateway's snapshot)
     * @param timeout  how long one advice call to the judge may take
     */
    public PolicyAdviceResource(Jdbi jdbi, Access access, Supplier<GatewaySnapshot> snapshot, JsonChat chat,
                                Duration timeout) {
        this.jdbi = jdbi;
        this.access = access;
        this.advisor = new PolicyAdvisor(jdbi, snapshot, chat, timeout);
    }

    record PolicyToValidate(@JsonProperty("policy_uuid") String policyUuid, String content) {
    }

    /** {@code judge}: false to skip the judge's assessment (absent: ask it when there is one). */
    record ValidateBody(List<PolicyToValidate> policies, Boolean judge) {
    }

    record RecommendBody(Integer level, String uuid, String prompt) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.post("/policy/validate", this::validate);
        routes.post("/policy/recommend", this::recommend);
    }

    private Reply validate(ApiRequest req) {
        Principal caller = req.principal();
        ValidateBody body = req.body(ValidateBody.class);
        if (body.policies() == null || body.policies().isEmpty()) {
            throw ApiException.badRequest("policies is required: a list of {policy_uuid, content}");
        }
        if (body.policies().size() > MAX_POLICIES) {
            throw ApiException.invalid("At most " + MAX_POLICIES + " policies can be validated at once");
        }
        Map<String, String> contents = new LinkedHashMap<>();
        for (int i = 0; i < body.policies().size(); i++) {
            PolicyToValidate p = body.policies().get(i);
            if (p == null) {
                throw ApiException.badRequest("policies[" + i + "] must be an object with policy_uuid and content");
            }
            contents.put(Fields.requireText(p.policyUuid(), "policies[" + i + "].policy_uuid", MAX_UUID),
                    Fields.requireText(p.content(), "policies[" + i + "].content", MAX_CONTENT));
        }
        Map<String, PolicyLinter.Lint> lints = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        contents.forEach((uuid, content) -> {
            PolicyLinter.Lint lint = PolicyLinter.lint(content);
            lints.put(uuid, lint);
            notes.put(uuid, lint.detectorNote());
        });
        Optional<Route> judge = advisor.judge(caller.orgId());
        boolean ask = !Boolean.FALSE.equals(body.judge());
        PolicyAdvisor.Assessments judged = judge.filter(j -> ask).map(j -> advisor.assess(j, contents, notes))
                .orElse(new PolicyAdvisor.Assessments(Map.of(), 0, 0));
        List<Map<String, Object>> results = new ArrayList<>();
        lints.forEach((uuid, lint) -> results.add(result(uuid, lint, judge.isPresent(), ask, judged.byUuid().get(uuid))));
        return Reply.ok("results", results).put("judgeConfigured", judge.isPresent())
                .put("tokens_in", judged.tokensIn()).put("tokens_out", judged.tokensOut());
    }

    /** The judge's assessment bounded by the certain findings: their issues first, the lower score, the worse severity. */
    private static Map<String, Object> result(String uuid, PolicyLinter.Lint lint, boolean judgeConfigured, boolean asked,
                                              JsonNode judged) {
        List<Map<String, Object>> issues = new ArrayList<>(lint.issues());
        int score = lint.maxScore();
        String severity = lint.severity();
        String advice;
        if (!judgeConfigured) {
            advice = lint.detectorNote() + " No judge is configured, so this is Gatehouse's own reading only.";
        } else if (!asked) {
            advice = lint.detectorNote() + " The judge was not asked: this is Gatehouse's own reading only.";
        } else if (judged == null) {
            advice = "The judge gave no assessment of this policy. " + lint.detectorNote();
        } else {
            if (judged.path("score").isNumber()) {
                score = Math.min(score, Math.clamp(Math.round(judged.path("score").asDouble()), 0, 100));
            }
            for (JsonNode issue : judged.path("issues")) {
                String type = issue.path("type").asText("").strip().toLowerCase(Locale.ROOT);
                String description = issue.path("description").asText("").strip();
                if (!description.isEmpty() && issues.size() < 10) {
                    issues.add(PolicyLinter.issue(ISSUE_TYPES.contains(type) ? type : "clarity", description,
                            issue.path("suggestion").asText("").strip()));
                }
            }
            severity = PolicyLinter.worse(severity, judged.path("severity").asText("none").strip().toLowerCase(Locale.ROOT));
            String said = judged.path("advice").asText("").strip();
            advice = (said.isEmpty() ? "" : said + " ") + lint.detectorNote();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("policy_uuid", uuid);
        result.put("score", score);
        result.put("advice", advice);
        result.put("issues", issues);
        result.put("severity", severity);
        result.put("enforcement", PolicyReading.enforcement(lint.selection(), judgeConfigured));
        return result;
    }

    private Reply recommend(ApiRequest req) {
        Principal caller = req.principal();
        RecommendBody body = req.body(RecommendBody.class);
        if (body.level() == null) {
            throw ApiException.badRequest("level is required: 0 organization, 1 workspace, 2 repository");
        }
        int level = body.level();
        if (level < 0 || level > 2) {
            throw ApiException.invalid("level must be 0 (organization), 1 (workspace) or 2 (repository)");
        }
        String prompt = Fields.requireText(body.prompt(), "prompt", MAX_PROMPT);
        String uuid = body.uuid() == null || body.uuid().isBlank() ? null : body.uuid().trim();
        String scope = jdbi.withHandle(h -> scope(h, caller, level, uuid));
        JsonChat.Answer answer = advisor.recommend(advisor.requireJudge(caller.orgId()), scope, prompt);
        List<Map<String, Object>> recommendations = new ArrayList<>();
        for (JsonNode p : answer.json().path("recommended_policies")) {
            String content = p.path("content").asText("").strip();
            if (content.isEmpty() || content.length() > MAX_CONTENT || recommendations.size() >= MAX_RECOMMENDATIONS) {
                continue;
            }
            String name = p.path("name").asText("").strip();
            Map<String, Object> recommendation = new LinkedHashMap<>();
            recommendation.put("content", content);
            recommendation.put("riskType", oneOf(p.path("riskType"), List.of("low", "medium", "high"), "medium"));
            recommendation.put("alertType", oneOf(p.path("alertType"), List.of("log", "alert", "block"), "alert"));
            recommendation.put("name", name.isEmpty() ? null : name.length() > 200 ? name.substring(0, 200) : name);
            recommendations.add(recommendation);
        }
        return Reply.ok("level", level).put("uuid", uuid == null ? caller.orgId() : uuid).put("tokens_in", answer.tokensIn())
                .put("tokens_out", answer.tokensOut()).put("recommended_policies", recommendations);
    }

    /** Describes the scope to the judge after checking the caller sees it, with the policies already there. */
    private String scope(Handle h, Principal caller, int level, String uuid) {
        String orgName = h.createQuery("SELECT name FROM organization WHERE id = :id").bind("id", caller.orgId())
                .mapTo(String.class).one();
        String workspaceId = null;
        String repoId = null;
        StringBuilder out = new StringBuilder("SCOPE: ");
        switch (level) {
            case 0 -> {
                if (uuid != null && !uuid.equals(caller.orgId())) {
                    throw ApiException.notFound("Organization");
                }
                out.append("the whole organization \"").append(orgName).append("\" (every workspace and repository)");
            }
            case 1 -> {
                Access.WorkspaceGrant grant = access.workspace(h, caller,
                        Fields.requireId(uuid, "uuid", "Workspace"), AccessType.READ);
                workspaceId = grant.workspaceId();
                out.append("the workspace \"").append(grant.name()).append("\" of the organization \"").append(orgName)
                        .append("\" (all its repositories)");
            }
            default -> {
                Repo repo = Repos.visible(h, access, caller, Fields.requireId(uuid, "uuid", "Repository"), AccessType.READ);
                workspaceId = repo.workspaceId();
                repoId = repo.id();
                out.append("the repository \"").append(repo.name()).append("\" of the organization \"")
                        .append(orgName).append("\"");
            }
        }
        List<String> existing = h.createQuery("""
                        SELECT content FROM policy
                        WHERE org_id = :org AND (workspace_id IS NULL OR workspace_id = :ws)
                          AND (repo_id IS NULL OR repo_id = :repo)
                        ORDER BY created_at
                        LIMIT 50""")
                .bind("org", caller.orgId()).bind("ws", workspaceId).bind("repo", repoId)
                .mapTo(String.class).list();
        out.append("\n\nEXISTING POLICIES THAT ALREADY APPLY:");
        if (existing.isEmpty()) {
            out.append(" none");
        }
        for (String content : existing) {
            out.append("\n- ").append(content.replaceAll("\\s+", " "));
        }
        return out.toString();
    }

    private static String oneOf(JsonNode value, List<String> allowed, String fallback) {
        String v = value.asText("").strip().toLowerCase(Locale.ROOT);
        return allowed.contains(v) ? v : fallback;
    }
}
