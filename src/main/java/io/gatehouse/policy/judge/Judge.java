package io.gatehouse.policy.judge;

import io.vertx.core.Future;

/**
 * Asks the judge LLM whether a text violates some rules. Called on the gateway's event loop: it never blocks,
 * and its future fails (rather than hangs) when the judge errs or exceeds the question's timeout, so the engine
 * can apply the organization's fail-open setting.
 */
public interface Judge {
    Future<JudgeAnswer> judge(JudgeQuestion question);
}
