/**
 * AI policies: {@link io.gatehouse.policy.detect} (deterministic detectors), {@link io.gatehouse.policy.judge} (the
 * LLM judge), {@link io.gatehouse.policy.alert} (alert webhooks), and the interfaces between the engine and them
 * ({@link io.gatehouse.policy.AlertNotifier}).
 */
package io.gatehouse.policy;
