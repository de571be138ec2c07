package io.gatehouse.policy;

import io.gatehouse.policy.detect.PolicyScanner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The enabled policies that apply to one repository (its organization's, its workspace's and its own), with what
 * evaluating them needs, computed once per snapshot: one detector scanner over all of them, the rules only the judge
 * can decide (fully or partly), the organization's settings, and a fingerprint of the rules and the judge, which
 * keys the verdict cache (an unrelated change elsewhere keeps the cached verdicts).
 */
public final class PolicySet {
    public static final PolicySet NONE = new PolicySet(List.of(), new OrgPolicySettings(null, null, false, null));

    private final List<Policy> policies;
    private final PolicyScanner<Policy> scanner;
    private final List<Policy> judgeRules;
    private final OrgPolicySettings settings;
    private final String fingerprint;

    PolicySet(List<Policy> policies, OrgPolicySettings settings) {
        this.policies = List.copyOf(policies);
        this.settings = settings;
        Map<Policy, Set<String>> kinds = new LinkedHashMap<>();
        for (Policy p : this.policies) {
            if (!p.selection().kinds().isEmpty()) {
                kinds.put(p, p.selection().kinds());
            }
        }
        this.scanner = PolicyScanner.of(kinds);
        this.judgeRules = this.policies.stream().filter(p -> p.selection().needsJudge()).toList();
        this.fingerprint = fingerprint(this.policies, settings);
    }

    public boolean isEmpty() {
        return policies.isEmpty();
    }

    public List<Policy> policies() {
        return policies;
    }

    public PolicyScanner<Policy> scanner() {
        return scanner;
    }

    /** The rules the judge decides, fully ({@code JUDGE}) or for what detectors miss ({@code DETECTORS_AND_JUDGE}). */
    public List<Policy> judgeRules() {
        return judgeRules;
    }

    public OrgPolicySettings settings() {
        return settings;
    }

    /** Identifies the rules and the judge; equal fingerprints give equal verdicts on equal text. */
    public String fingerprint() {
        return fingerprint;
    }

    private static String fingerprint(List<Policy> policies, OrgPolicySettings settings) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Policy p : policies.stream().sorted(java.util.Comparator.comparing(Policy::id)).toList()) {
                update(sha, p.id());
                update(sha, p.content());
                update(sha, p.action().name());
            }
            if (settings.judge() != null) {
                update(sha, settings.judge().upstream().id());
                update(sha, settings.judge().upstreamModel());
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, String value) {
        sha.update(value.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }
}
