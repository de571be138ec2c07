package io.gatehouse.console.view;

import java.time.Instant;
import java.util.List;

/** A repository ({@code /repo}) with the configurations attached to it ({@code aiLlms[{aiLlmId, aiLlm}]}). */
public record Repo(String id, String workspaceId, String name, boolean disabled, Instant createdAt, List<Attachment> aiLlms) {

    /** One attached configuration: its id, and a summary of it. */
    public record Attachment(String aiLlmId, Named aiLlm) {
    }

    public boolean attaches(String configurationId) {
        return aiLlms.stream().anyMatch(a -> a.aiLlmId().equals(configurationId));
    }

    /** The attached configurations, by name. */
    public String configurationNames() {
        return String.join(", ", aiLlms.stream().map(a -> a.aiLlm().name()).toList());
    }
}
