package io.gatehouse.policy;

import io.gatehouse.model.PolicyAction;
/**
 * One violated rule of one evaluation: which policy, why (a description safe to store: detector descriptions or the
 * judge's explanation, never the matched text), who decided ({@code detector} or {@code judge}), and what it does to
 * the request — the policy's action, except that a REDACT rule the judge could not decide and that fails closed
 * blocks (there are no spans to mask) — and, for a REDACT rule, how many spans of the text it masked.
 */
public record Violation(Policy policy, String explanation, String evaluator, PolicyAction effect, int maskedSpans) {
    public static final String DETECTOR = "detector";
    public static final String JUDGE = "judge";
    /** The explanation of a rule that failed closed because the judge did not answer. */
    public static final String JUDGE_UNAVAILABLE = "judge unavailable";
}
