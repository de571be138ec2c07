package io.gatehouse.policy;

import java.util.Map;

/** The policy sets of every repository that has any, as of one snapshot; repositories without policies get none. */
public record PolicySets(Map<String, PolicySet> byRepo) {
    public static final PolicySets NONE = new PolicySets(Map.of());

    public PolicySet forRepo(String repoId) {
        return byRepo.getOrDefault(repoId, PolicySet.NONE);
    }
}
