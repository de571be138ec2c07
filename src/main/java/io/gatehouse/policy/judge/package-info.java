/**
 * The policy judge: one call to the organization's configured LLM per request, asking about every applicable rule
 * the detectors cannot decide, answered as structured JSON per rule. {@link io.gatehouse.policy.judge.Judge} is what
 * the engine calls; {@link io.gatehouse.policy.judge.LlmJudge} implements it on {@link io.gatehouse.policy.judge.JsonChat}
 * (a JSON-only question to any provider through {@link io.gatehouse.policy.judge.ChatCompletions}, which the gateway implements), which the policy advice
 * endpoints use too.
 */
package io.gatehouse.policy.judge;
