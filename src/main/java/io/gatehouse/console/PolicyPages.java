package io.gatehouse.console;

import io.gatehouse.console.view.Enforcement;
import io.gatehouse.console.view.Policy;
import io.gatehouse.console.view.PolicyAdvice;
import io.gatehouse.console.view.PolicyEvent;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.gatehouse.console.PlatformClient.enc;
import static io.gatehouse.console.PlatformClient.fields;

/**
 * AI policies at each scope that reaches this workspace (organization, workspace, repository): create and edit
 * with risk and action, enable and disable, delete, and "check this policy" ({@code /policy/validate}, the judge's
 * advice); and the violations and alerts of the workspace, filterable and paged.
 */
final class PolicyPages {
    static final List<Option> ACTIONS = List.of(new Option("0", "Log"), new Option("1", "Alert"), new Option("2", "Block"),
            new Option("3", "Redact"));
    static final List<String> RISKS = List.of("LOW", "MEDIUM", "HIGH");
    private static final String ALERT_RULE = "1";
    private static final String JUDGE_REQUIRED = "judge_required";

    void register(ConsoleRoutes routes) {
        routes.page("/ui/w/:ws/policies", this::list);
        routes.action("/ui/w/:ws/policies", this::create);
        routes.action("/ui/w/:ws/policies/check", this::check);
        routes.action("/ui/w/:ws/policies/reading", this::reading);
        routes.action("/ui/w/:ws/policies/settings", this::saveSettings);
        routes.page("/ui/w/:ws/policies/:id", this::edit);
        routes.action("/ui/w/:ws/policies/:id", this::update);
        routes.action("/ui/w/:ws/policies/:id/toggle", this::toggle);
        routes.action("/ui/w/:ws/policies/:id/delete", this::delete);
        routes.page("/ui/w/:ws/violations", call -> events(call, true));
        routes.page("/ui/w/:ws/alerts", call -> events(call, false));
    }

    /**
     * The organization's policies and this workspace's (its own and its repositories'), or those that apply to one
     * repository: the organization's, the workspace's own and the repository's.
     */
    private ConsoleReply list(ConsoleCall call) {
        Frame frame = call.frame("policies");
        String ws = frame.workspace().id();
        String orgId = call.session().orgId();
        String repoId = call.query("repoId");
        List<Policy> policies = new ArrayList<>(policies(call, Map.of("orgId", orgId, "scope", "ORGANIZATION", "take", "100")));
        if (repoId.isEmpty()) {
            policies.addAll(policies(call, Map.of("orgId", orgId, "workspaceId", ws, "take", "100")));
        } else {
            policies.addAll(policies(call, Map.of("orgId", orgId, "workspaceId", ws, "scope", "WORKSPACE", "take", "100")));
            policies.addAll(policies(call, Map.of("orgId", orgId, "repoId", repoId, "take", "100")));
        }
        return call.page("policies", frame, "policies", policies, "repos", RepoPages.repos(call, ws), "repoId", repoId,
                "actions", ACTIONS, "risks", RISKS, "judge", JudgeChoice.of(call, frame));
    }

    private static List<Policy> policies(ConsoleCall call, Map<String, String> query) {
        return call.api().read("/policy", query).list("policies", Policy.class);
    }

    private ConsoleReply create(ConsoleCall call) {
        String base = "/ui/w/" + call.path("ws") + "/policies";
        String scope = call.form("scope");
        Map<String, Object> body = policyFields(call);
        if (scope.equals("workspace")) {
            body.put("workspaceId", call.path("ws"));
        } else if (scope.startsWith("repo:")) {
            body.put("repoId", scope.substring(5));
        }
        var answer = call.api().post("/policy", body);
        return answer.ok() ? ConsoleReply.redirect(base, true, "Policy created.") : ConsoleReply.redirect(base, false, refusal(answer));
    }

    /**
     * The API's refusal in the operator's words: a rule that needs the judge the organization lacks is told so with
     * what to do in this console (the API's own message names an API call).
     */
    private static String refusal(PlatformClient.Answer answer) {
        if (!JUDGE_REQUIRED.equals(answer.json().path("error_code").asText())) {
            return answer.message();
        }
        List<String> words = new ArrayList<>();
        answer.json().path("unrecognized").forEach(w -> words.add("\"" + w.asText() + "\""));
        String suggestion = answer.json().path("suggestion").asText("");
        return "Not saved: only a judge model can decide "
                + (words.isEmpty() ? "this rule" : String.join(", ", words))
                + ", and this organization has no judge, so the rule would stop every request. Choose a judge under"
                + " \"Organization: policy judge\", or reword the rule so the detectors decide it alone"
                + (suggestion.isEmpty() ? "" : " (for example \"" + suggestion + "\")")
                + ", or make it Log or Alert, or save it disabled.";
    }

    private ConsoleReply edit(ConsoleCall call) {
        Frame frame = call.frame("policies");
        Policy policy = call.api().read("/policy/" + enc(call.path("id"))).field("policy", Policy.class);
        if (!policy.organizationWide()) {
            ConfigurationPages.requireInWorkspace(policy.workspaceId(), frame);
        }
        // Without a judge, the form to choose one is on this page too (the typed rule may come to need it).
        return call.page("policy", frame, "policy", policy, "actions", ACTIONS, "risks", RISKS,
                "judge", policy.enforcement().judgeConfigured() ? null : JudgeChoice.of(call, frame));
    }

    private ConsoleReply update(ConsoleCall call) {
        String path = "/ui/w/" + call.path("ws") + "/policies/" + call.path("id");
        var answer = call.api().put("/policy/" + enc(call.path("id")), policyFields(call));
        return answer.ok() ? ConsoleReply.redirect(path, true, "Policy saved.") : ConsoleReply.redirect(path, false, refusal(answer));
    }

    private ConsoleReply toggle(ConsoleCall call) {
        boolean enable = "true".equals(call.form("enabled"));
        var answer = call.api().put("/policy/" + enc(call.path("id")), fields("enabled", enable));
        return ConsoleReply.after(answer, "/ui/w/" + call.path("ws") + "/policies", enable ? "Policy enabled." : "Policy disabled.");
    }

    private ConsoleReply delete(ConsoleCall call) {
        var answer = call.api().delete("/policy/" + enc(call.path("id")));
        return ConsoleReply.after(answer, "/ui/w/" + call.path("ws") + "/policies", "Policy deleted.");
    }

    /** The organization's judge (a configuration and a model) and what happens when it cannot answer. */
    private ConsoleReply saveSettings(ConsoleCall call) {
        String judge = call.form("judgeAiLlmId");
        Map<String, Object> body = fields("judgeAiLlmId", judge.isEmpty() ? null : judge,
                "judgeModel", judge.isEmpty() || call.form("judgeModel").isEmpty() ? null : call.form("judgeModel"),
                "failOpen", switch (call.form("failOpen")) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> null;
                });
        var answer = call.api().put("/organization/" + enc(call.session().orgId()) + "/settings", body);
        // Back where the form was: the policies page, or the policy whose page offered it.
        String back = call.form("back").matches("[A-Za-z0-9-]+") ? "/" + call.form("back") : "";
        return ConsoleReply.after(answer, "/ui/w/" + call.path("ws") + "/policies" + back, "Organization settings saved.");
    }

    /** htmx: the judge's advice on the rule as written in the form, or why there is none. */
    private ConsoleReply check(ConsoleCall call) {
        String id = call.form("policyId").isEmpty() ? "new" : call.form("policyId");
        var answer = call.api().post("/policy/validate", Map.of("policies", List.of(Map.of("policy_uuid", id, "content", call.form("content")))));
        return call.fragment("policy-check", "advice", answer.ok() ? answer.list("results", PolicyAdvice.class).getFirst() : null,
                "error", answer.ok() ? null : answer.message());
    }

    /**
     * htmx, as the rule is typed: how it will be enforced, from Gatehouse's own reading (the judge is not asked, so
     * this costs nothing), and whether the chosen action needs a judge the organization lacks.
     */
    private ConsoleReply reading(ConsoleCall call) {
        String content = call.form("content");
        if (content.isEmpty()) {
            return call.fragment("policy-reading", "enforcement", null, "stops", false, "judgeHere", false);
        }
        var answer = call.api().post("/policy/validate", fields("judge", false,
                "policies", List.of(Map.of("policy_uuid", "typed", "content", content))));
        if (!answer.ok()) {
            return call.fragment("policy-reading", "enforcement", null, "stops", false, "judgeHere", false);
        }
        Enforcement enforcement = answer.list("results", PolicyAdvice.class).getFirst().enforcement();
        return call.fragment("policy-reading", "enforcement", enforcement,
                "stops", List.of("2", "3").contains(call.form("actionType")), "judgeHere", call.session().managesOrganization());
    }

    private static Map<String, Object> policyFields(ConsoleCall call) {
        Integer action = null;
        try {
            action = Integer.valueOf(call.form("actionType"));
        } catch (NumberFormatException e) {
            // left out: the API names what is missing
        }
        return fields("name", call.form("name"), "content", call.form("content"), "riskType", call.form("riskType"),
                "actionType", action, "enabled", "on".equals(call.form("enabled")) || "true".equals(call.form("enabled")));
    }

    /** Violations or alerts of this workspace, filtered and paged as the API does it. */
    private ConsoleReply events(ConsoleCall call, boolean violations) {
        Frame frame = call.frame(violations ? "violations" : "alerts");
        String ws = frame.workspace().id();
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("repoId", call.query("repoId"));
        filters.put("policyId", call.query("policyId"));
        filters.put("llmModel", call.query("llmModel"));
        filters.put("from", call.query("from"));
        filters.put("to", call.query("to"));
        if (violations) {
            filters.put("severity", AuditPages.pick(call.query("severity"), RISKS));
            filters.put("block", AuditPages.pick(call.query("block"), List.of("true", "false")));
            filters.put("judgeFailure", AuditPages.pick(call.query("judgeFailure"), List.of("true", "false")));
        } else {
            // Alerts are what ALERT rules raise; BLOCK rules' alerts (the blocks themselves) only when asked for.
            filters.put("rules", AuditPages.pick(call.query("rules"), List.of("all")));
        }
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.remove("rules");
        if (!violations && filters.get("rules").isEmpty()) {
            query.put("actionType", ALERT_RULE);
        }
        query.put("from", isoOrEmpty(filters.get("from")));
        query.put("to", isoOrEmpty(filters.get("to")));
        query.put("workspaceId", ws);
        query.put("skip", Pager.skipOf(call));
        query.put("take", Integer.toString(Pager.TAKE));
        String kind = violations ? "violations" : "alerts";
        var answer = call.api().read("/policy/" + kind, query);
        List<? extends PolicyEvent> rows = violations ? answer.list(kind, PolicyEvent.Violation.class) : answer.list(kind, PolicyEvent.Alert.class);
        return call.page("events", frame, "violations", violations, "rows", rows, "repos", RepoPages.repos(call, ws),
                "filters", filters, "risks", RISKS, "pager", Pager.of(answer, frame.base() + "/" + kind, filters));
    }

    /** A {@code datetime-local} value (taken as UTC) as the API's ISO instant; empty when empty or unreadable. */
    private static String isoOrEmpty(String local) {
        if (local.isEmpty()) {
            return "";
        }
        try {
            return LocalDateTime.parse(local).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            return "";
        }
    }
}
