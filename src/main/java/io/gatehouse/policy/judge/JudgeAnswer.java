package io.gatehouse.policy.judge;

import java.util.List;

/**
 * The judge's verdict on every rule of a question, and the tokens the call cost (recorded as the usage record's
 * {@code llmTokensIn/Out}).
 */
public record JudgeAnswer(List<RuleVerdict> verdicts, long tokensIn, long tokensOut) {
    public JudgeAnswer {
        verdicts = List.copyOf(verdicts);
    }

    /**
     * One rule's verdict. {@code spans} are the offending excerpts quoted exactly from the text (LLMs quote
     * reliably but count characters badly), which the engine locates for redaction.
     */
    public record RuleVerdict(String policyId, boolean violated, String explanation, List<String> spans) {
        public RuleVerdict {
            spans = List.copyOf(spans);
        }
    }
}
