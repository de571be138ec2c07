package io.gatehouse.policy;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.policy.detect.Finding;
import io.gatehouse.policy.judge.Direction;
import io.vertx.core.Future;

import java.util.List;

/**
 * The engine's verdict on one text (a prompt or a completion, as segments: message contents, tool arguments).
 *
 * @param violations     every violated rule
 * @param action         the strongest effect among them ({@code null}: none violated)
 * @param masks          per segment, the spans to mask when {@code action} is REDACT (offsets into that segment)
 * @param judgeTokensIn  what the judge call cost (0 when served from the verdict cache or not called)
 * @param judgeTokensOut likewise
 * @param later          the judge's verdict on the LOG/ALERT rules when the organization judges asynchronously: the
 *                       answer goes out first, the violations found later are recorded then; {@code null} otherwise
 */
public record Evaluation(List<Violation> violations, PolicyAction action, List<List<Finding>> masks, long judgeTokensIn,
                         long judgeTokensOut, Future<Evaluation> later) {
    public static final Evaluation NONE = new Evaluation(List.of(), null, List.of(), 0, 0, null);

    public boolean blocks() {
        return action == PolicyAction.BLOCK;
    }

    public boolean redacts() {
        return action == PolicyAction.REDACT;
    }

    /** The message for the client when this evaluation blocks: the policies' names, never the content found. */
    public String blockMessage(Direction direction) {
        List<String> names = violations.stream().filter(v -> v.effect() == PolicyAction.BLOCK)
                .map(v -> v.policy().name()).distinct().toList();
        return (direction == Direction.INPUT ? "The request" : "The response") + " was blocked by policy: "
                + String.join(", ", names) + ".";
    }
}
