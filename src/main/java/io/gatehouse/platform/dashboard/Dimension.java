package io.gatehouse.platform.dashboard;

import io.gatehouse.platform.ApiException;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a breakdown groups by: the roll-up column (or, for users, the creator of the conversation key the traffic
 * came with) and where an entity's display name comes from. Rows whose dimension the request never reached (stored
 * as {@code ''}: no configuration, model or provider before routing) belong to no entity.
 */
enum Dimension {
    WORKSPACES("workspaces", "u.workspace_id", "SELECT id, name FROM workspace WHERE id IN (<ids>)"),
    REPOS("repos", "u.repo_id", "SELECT id, name FROM repo WHERE id IN (<ids>)"),
    MODELS("models", "u.llm_model", null),
    PROVIDERS("providers", "u.llm_type", null),
    AI_CONFIGS("aiConfigs", "u.ai_llm_id", "SELECT id, name FROM ai_llm WHERE id IN (<ids>)"),
    RULES("rules", "u.policy_id", "SELECT id, name FROM policy WHERE id IN (<ids>)"),
    /** Private chat's users: a conversation's key is made for (and by) the user who started it. */
    USERS("users", "k.created_by", Names.USER),
    /** The end users gateway requests named (attribution); named when the id is a user's. */
    END_USERS("users", "u.user_id", Names.USER),
    /** The conversations gateway requests named (attribution): the client's ids, their own names. */
    CONVERSATIONS("conversations", "u.conversation_id", null);

    /** Where display names come from, where two dimensions share it. */
    private static final class Names {
        static final String USER = "SELECT id, TRIM(name || ' ' || last_name) AS name FROM app_user WHERE id IN (<ids>)";
    }

    private final String label;
    private final String column;
    private final String names;

    Dimension(String label, String column, String names) {
        this.label = label;
        this.column = column;
        this.names = names;
    }

    /** The dimension named {@code raw} among those an endpoint offers. */
    static Dimension parse(String raw, List<Dimension> offered) {
        return offered.stream().filter(d -> d.label.equals(raw)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("Breakdown by '" + raw + "' is not offered here; use one of "
                        + offered.stream().map(Dimension::label).collect(Collectors.joining(", "))));
    }

    static List<Dimension> of(Dimension... dimensions) {
        return Arrays.asList(dimensions);
    }

    String label() {
        return label;
    }

    String column() {
        return column;
    }

    /** Whether the dimension is an attribution id, which only the per-user and per-conversation roll-ups keep. */
    boolean attribution() {
        return this == END_USERS || this == CONVERSATIONS;
    }

    /** The join a dimension needs beyond the roll-up table {@code u}. */
    String join() {
        return this == USERS ? " JOIN repo_ai_key k ON k.id = u.api_key_id" : "";
    }

    /** A query of (id, name) for {@code <ids>}, or null when the id is its own name (models, providers). */
    String names() {
        return names;
    }
}
