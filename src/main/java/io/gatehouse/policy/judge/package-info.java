/**
 * The policy judge: one call to the organization's configured LLM per request, asking about every applicable rule
 * the detectors cannot decide, answered as structured JSON per rule. {@link io.gatehouse.policy.judge.Judge} is what
 * the engine calls; the implementation goes through the provider layer, so any configured provider can judge.
 */
package io.gatehouse.policy.judge;
