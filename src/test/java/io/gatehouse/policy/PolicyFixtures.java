package io.gatehouse.policy;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.model.RiskType;
import io.gatehouse.policy.detect.DetectorSelector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Policy sets and an engine without a judge, for tests outside this package that evaluate detector rules. */
public final class PolicyFixtures {
    private PolicyFixtures() {
    }

    /** One organization-wide rule, read by the standard selector, with no judge configured. */
    public static PolicySet rule(String content, PolicyAction action) {
        Policy policy = new Policy("p-" + content.hashCode(), "org", null, null, "rule", content, RiskType.HIGH, action,
                DetectorSelector.standard().select(content));
        return new PolicySet(List.of(policy), new OrgPolicySettings(null, null, false, null));
    }

    /** An engine whose judge is never reached (detector rules only) and whose events go nowhere. */
    public static PolicyEngine detectorEngine() {
        return new PolicyEngine(question -> {
            throw new IllegalStateException("no judge in this test");
        }, event -> { }, Clock.systemUTC(), Duration.ofSeconds(1), 0, new SimpleMeterRegistry(), (outcome, nanos) -> { });
    }
}
