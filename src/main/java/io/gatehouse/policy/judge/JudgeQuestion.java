package io.gatehouse.policy.judge;

import io.gatehouse.route.Route;

import java.time.Duration;
import java.util.List;

/**
 * One question to the judge: the configuration and model that judge (the organization's {@code judgeAiLlmId} and
 * {@code judgeModel}, resolved from the gateway snapshot), how long it may take, whether the text is a prompt
 * ({@link Direction#INPUT}) or a completion, the text itself, and every rule it must decide.
 */
public record JudgeQuestion(Route judge, Duration timeout, Direction direction, String text, List<JudgeRule> rules) {
    public JudgeQuestion {
        rules = List.copyOf(rules);
    }

    /** A rule as the judge sees it: the policy's id (echoed back in the verdict) and its natural-language content. */
    public record JudgeRule(String policyId, String content) {
    }
}
