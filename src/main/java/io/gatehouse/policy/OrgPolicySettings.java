package io.gatehouse.policy;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.route.Route;

import java.time.Duration;

/**
 * An organization's policy settings ({@code org_settings}) as the gateway uses them.
 *
 * @param judge        the organization's judge (configuration + model) resolved from the snapshot's upstreams;
 *                     {@code null} when none is set or the configuration is not routable — judge rules then fail
 * @param failOpen     {@code null}: closed for BLOCK/REDACT rules, open for LOG/ALERT; otherwise for every rule
 * @param asyncJudge   judge after the response when every rule needing the judge only logs or alerts
 * @param judgeTimeout how long one judge call may take; {@code null}: the node's default ({@code policy.judge.timeout})
 */
public record OrgPolicySettings(Route judge, Boolean failOpen, boolean asyncJudge, Duration judgeTimeout) {

    /** Whether a rule with {@code action} passes when the judge cannot decide it. */
    public boolean failsOpen(PolicyAction action) {
        return failOpen != null ? failOpen : !action.stopsContent();
    }
}
