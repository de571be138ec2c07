package io.gatehouse.console.view;

import java.time.Instant;

/**
 * One request of the request log ({@code /aistats/requests}): when, through which key and model, how it ended, how
 * long it took, its tokens and cost (null: no price), what the policies did and the gateway's request id (null for
 * requests logged before it was kept). Never a prompt or an answer: the API has none to give.
 */
public record RequestEntry(Instant timestamp, String requestId, String repoId, String repoAiApiKeyId, String llmType,
                           String llmModel, String host, int status, String outcome, long latencyMs, long tokensIn,
                           long tokensOut, String cost, int policyViolations, int alerts, int blocks) {

    /** What the policies did, in words: blocked, the violations found, or nothing. */
    public String policyOutcome() {
        if (blocks > 0) {
            return "blocked";
        }
        if (policyViolations > 0) {
            return policyViolations == 1 ? "1 violation" : policyViolations + " violations";
        }
        return alerts > 0 ? alerts + (alerts == 1 ? " alert" : " alerts") : "none";
    }

    public String costText() {
        return cost == null ? "—" : "$" + cost;
    }
}
