package io.gatehouse.console.view;

import java.time.Instant;
import java.util.List;

/**
 * The organization's policy settings ({@code /organization/{orgId}/settings}) the console edits: the judge, and
 * what happens when it fails ({@code failOpen} null: the default per rule), and the alert webhooks (whether each has
 * a signing secret; the secret itself is never returned).
 */
public record OrgSettings(String judgeAiLlmId, String judgeModel, Boolean failOpen, List<Webhook> webhooks) {

    public record Webhook(String id, String url, boolean hasSecret, Instant createdAt) {
    }

    /** A judge is chosen but it is not one of the given configurations (it belongs to another workspace). */
    public boolean judgeOutside(List<Configuration> configurations) {
        return judgeAiLlmId != null && configurations.stream().noneMatch(c -> c.id().equals(judgeAiLlmId));
    }
}
