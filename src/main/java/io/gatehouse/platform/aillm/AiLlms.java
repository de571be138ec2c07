package io.gatehouse.platform.aillm;

import io.gatehouse.model.AiLlm;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.store.Columns;
import io.gatehouse.store.ModelRows;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.Json;
import io.gatehouse.platform.Principal;
import io.gatehouse.model.price.PriceList;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL for AI LLM configurations, their model catalogs and the repositories using them. */
public final class AiLlms {
    /** A repository using a configuration, as shown in the configuration's {@code repos[]}. */
    public record RepoRef(String id, String name, Instant createdAt) {
    }

    private AiLlms() {
    }

    static void insert(Handle h, AiLlm c) {
        h.createUpdate("""
                        INSERT INTO ai_llm (id, org_id, workspace_id, user_id, name, ai_type, endpoint, secret_sealed,
                            key_sealed, key_hint, validation_status, created_at, updated_at, prices, api_key_id,
                            session_token_sealed, role_arn, external_id)
                        VALUES (:id, :orgId, :workspaceId, :userId, :name, :aiType, :endpoint, :secretSealed,
                            :keySealed, :keyHint, :status, :createdAt, :updatedAt, :pricesJson, :apiKeyId,
                            :sessionTokenSealed, :roleArn, :externalId)""")
                .bindMethods(c)
                .bind("pricesJson", pricesJson(c.prices()))
                .bind("aiType", c.aiType().name())
                .bind("status", c.validationStatus().name())
                .execute();
    }

    /** A configuration's own prices as stored: the JSON the API shows, null when it has none. */
    static String pricesJson(PriceList prices) {
        return prices.isEmpty() ? null : Json.write(prices.toMap());
    }

    public static Optional<AiLlm> byId(Handle h, String id) {
        return h.createQuery("SELECT * FROM ai_llm WHERE id = :id").bind("id", id).map(ModelRows.AI_LLM).findOne();
    }

    /** The FAILED configurations whose validation message starts with {@code prefix} (a constant, no wildcards). */
    static List<AiLlm> failedWith(Handle h, String prefix) {
        return h.createQuery("SELECT * FROM ai_llm WHERE validation_status = 'FAILED' AND validation_message LIKE :prefix")
                .bind("prefix", prefix + "%").map(ModelRows.AI_LLM).list();
    }

    static boolean nameTaken(Handle h, String workspaceId, String name, String exceptId) {
        return h.createQuery("SELECT COUNT(*) FROM ai_llm WHERE workspace_id = :ws AND LOWER(name) = LOWER(:name) AND id <> :except")
                .bind("ws", workspaceId).bind("name", name).bind("except", exceptId == null ? "" : exceptId)
                .mapTo(Long.class).one() > 0;
    }

    /** The configurations the caller sees, newest first, in one workspace or all, optionally only validated ones. */
    static List<AiLlm> visible(Handle h, Principal caller, String workspaceId, boolean validOnly, int skip, int take) {
        return filter(h, caller, "SELECT * FROM ai_llm", workspaceId, validOnly,
                " ORDER BY created_at DESC, id LIMIT :take OFFSET :skip")
                .bind("take", take).bind("skip", skip).map(ModelRows.AI_LLM).list();
    }

    static long countVisible(Handle h, Principal caller, String workspaceId, boolean validOnly) {
        return filter(h, caller, "SELECT COUNT(*) FROM ai_llm", workspaceId, validOnly, "").mapTo(Long.class).one();
    }

    private static Query filter(Handle h, Principal caller, String select, String workspaceId, boolean validOnly, String tail) {
        return h.createQuery(select + " WHERE org_id = :orgId" + Access.visibleWorkspaces(caller, "workspace_id")
                        + (workspaceId == null ? "" : " AND workspace_id = :ws")
                        + (validOnly ? " AND validation_status = 'VALID'" : "") + tail)
                .bind("orgId", caller.orgId()).bind("userId", caller.userId()).bind("ws", workspaceId);
    }

    /** The repositories a configuration is attached to, oldest attachment first. */
    public static List<RepoRef> repos(Handle h, String aiLlmId) {
        return h.createQuery("""
                        SELECT r.id, r.name, r.created_at FROM repo_ai_llm a JOIN repo r ON r.id = a.repo_id
                        WHERE a.ai_llm_id = :id ORDER BY a.created_at, r.id""")
                .bind("id", aiLlmId)
                .map((rs, ctx) -> new RepoRef(rs.getString(1), rs.getString(2), Columns.instant(rs, 3)))
                .list();
    }

    /** The catalog recorded at the last successful validation, by model id. */
    public static List<ModelEntry> models(Handle h, String aiLlmId) {
        return h.createQuery("SELECT * FROM ai_llm_model WHERE ai_llm_id = :id ORDER BY model_id")
                .bind("id", aiLlmId).map(ModelRows.MODEL_ENTRY).list();
    }

    static void replaceModels(Handle h, String aiLlmId, List<ModelEntry> models) {
        h.createUpdate("DELETE FROM ai_llm_model WHERE ai_llm_id = :id").bind("id", aiLlmId).execute();
        var batch = h.prepareBatch("""
                INSERT INTO ai_llm_model (ai_llm_id, model_id, display_name, created, max_input_tokens, max_output_tokens, capabilities)
                VALUES (:aiLlmId, :id, :displayName, :created, :maxInputTokens, :maxOutputTokens, :capabilities)""");
        for (ModelEntry m : models) {
            batch.bind("aiLlmId", aiLlmId).bindMethods(m).bind("capabilities", String.join(",", m.capabilities())).add();
        }
        if (!models.isEmpty()) {
            batch.execute();
        }
    }

    /** Forgets what the last validation found, after the credentials or the target changed. */
    static void markUnvalidated(Handle h, String id) {
        h.createUpdate("""
                        UPDATE ai_llm SET validation_status = 'UNVALIDATED', validation_message = NULL, last_validated_at = NULL
                        WHERE id = :id""")
                .bind("id", id).execute();
        h.createUpdate("DELETE FROM ai_llm_model WHERE ai_llm_id = :id").bind("id", id).execute();
    }

    /**
     * Records a validation outcome, but only if the configuration was not changed through the API since it was
     * read for the validation (a key rotation re-wraps the secret without changing it, so it does not count); false
     * when it was.
     */
    static boolean recordValidation(Handle h, AiLlm validated, ValidationStatus status, String message, Instant at) {
        return h.createUpdate("""
                        UPDATE ai_llm SET validation_status = :status, validation_message = :message, last_validated_at = :at
                        WHERE id = :id AND updated_at = :updatedAt""")
                .bind("status", status.name()).bind("message", message).bind("at", at)
                .bind("id", validated.id()).bind("updatedAt", validated.updatedAt())
                .execute() == 1;
    }
}
