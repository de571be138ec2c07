/**
 * The policy engine: each repository's applicable policies ({@link io.gatehouse.policy.PolicySet}, loaded with the
 * gateway snapshot by {@link io.gatehouse.policy.PolicyLoader}), their evaluation on prompts and completions by
 * detectors and the judge ({@link io.gatehouse.policy.PolicyEngine}), the verdict cache, and the recording of
 * violations and alerts off the request path ({@link io.gatehouse.policy.PolicyEventStore}, notifiers). The gateway
 * applies the verdicts (block, redact) in its pipeline; {@code detect} holds the detectors, {@code judge} the judge.
 */
package io.gatehouse.policy;
