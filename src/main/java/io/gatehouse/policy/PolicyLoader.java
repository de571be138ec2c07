package io.gatehouse.policy;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.model.RiskType;
import io.gatehouse.route.RepoRoutes;
import io.gatehouse.route.Route;
import io.gatehouse.route.Upstream;
import io.gatehouse.policy.detect.DetectorSelection;
import io.gatehouse.policy.detect.DetectorSelector;
import io.gatehouse.policy.detect.Detectors;
import io.gatehouse.policy.detect.PolicyScanner;
import io.gatehouse.store.Columns;
import org.jdbi.v3.core.Handle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the enabled policies and the organizations' settings inside the gateway snapshot's transaction and builds
 * each repository's {@link PolicySet}. A rule's detector selection is kept across builds while its text is unchanged.
 * Used by one thread at a time (the snapshot loader's).
 */
public final class PolicyLoader {
    /** Text touching every detector, scanned once before the first policy set is served (see {@link #warmUp}). */
    private static final String WARM_UP = "mail a@example.com, call +44 20 7946 0958 or (415) 555-2671, card 4111 1111 1111 1111,"
            + " IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789, host 10.0.0.1, key sk-abc123def456ghi789jkl012";

    private final DetectorSelector selector = DetectorSelector.standard();
    private Map<String, DetectorSelection> selections = new HashMap<>();
    private boolean warm;

    public PolicySets load(Handle h, Map<String, Upstream> upstreams, Collection<RepoRoutes> repos) {
        Map<String, DetectorSelection> nextSelections = new HashMap<>();
        List<Policy> policies = h.createQuery("SELECT id, org_id, workspace_id, repo_id, name, content, risk_type,"
                        + " action_type FROM policy WHERE enabled = TRUE ORDER BY created_at, id")
                .map((rs, ctx) -> {
                    String content = rs.getString("content");
                    DetectorSelection selection = nextSelections.computeIfAbsent(content,
                            c -> selections.containsKey(c) ? selections.get(c) : selector.select(c));
                    return new Policy(rs.getString("id"), rs.getString("org_id"), rs.getString("workspace_id"),
                            rs.getString("repo_id"), rs.getString("name"), content, RiskType.valueOf(rs.getString("risk_type")),
                            PolicyAction.fromCode(rs.getInt("action_type")), selection);
                }).list();
        selections = nextSelections;
        if (policies.isEmpty()) {
            return PolicySets.NONE;
        }
        warmUp();
        Map<String, OrgPolicySettings> settings = new HashMap<>();
        h.createQuery("SELECT org_id, judge_ai_llm_id, judge_model, fail_open, async_judge, judge_timeout_ms FROM org_settings")
                .map((rs, ctx) -> {
                    Upstream judge = upstreams.get(rs.getString("judge_ai_llm_id"));
                    String judgeModel = rs.getString("judge_model");
                    Integer timeoutMs = Columns.nullableInt(rs, "judge_timeout_ms");
                    return Map.entry(rs.getString("org_id"), new OrgPolicySettings(
                            judge == null || judgeModel == null ? null : new Route(judge, judgeModel),
                            Columns.nullableBoolean(rs, "fail_open"), rs.getBoolean("async_judge"),
                            timeoutMs == null || timeoutMs <= 0 ? null : Duration.ofMillis(timeoutMs)));
                })
                .forEach(e -> settings.put(e.getKey(), e.getValue()));
        Map<String, PolicySet> byRepo = new HashMap<>();
        for (RepoRoutes repo : repos) {
            List<Policy> applicable = new ArrayList<>();
            for (Policy p : policies) {
                if (p.appliesTo(repo.orgId(), repo.workspaceId(), repo.id())) {
                    applicable.add(p);
                }
            }
            if (!applicable.isEmpty()) {
                byRepo.put(repo.id(), new PolicySet(applicable,
                        settings.getOrDefault(repo.orgId(), PolicySet.NONE.settings())));
            }
        }
        return new PolicySets(Map.copyOf(byRepo));
    }

    /**
     * Runs every detector once on this (snapshot) thread: their first use loads phone metadata and compiles
     * patterns, which must not happen on an event loop with a request waiting.
     */
    private void warmUp() {
        if (!warm) {
            Map<String, java.util.Set<String>> all = new HashMap<>();
            Detectors.standard().all().forEach(d -> all.put(d.kind(), java.util.Set.of(d.kind())));
            PolicyScanner.of(all).scan(WARM_UP);
            warm = true;
        }
    }
}
