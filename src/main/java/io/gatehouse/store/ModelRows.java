package io.gatehouse.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.model.AiLlm;
import io.gatehouse.model.AiType;
import io.gatehouse.model.KeyLimits;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.model.ProviderApiKey;
import io.gatehouse.model.Repo;
import io.gatehouse.model.RepoKey;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.model.price.PriceList;
import org.jdbi.v3.core.mapper.RowMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * How a row of a table read by more than one part of Gatehouse becomes its domain record: one mapper per table, used
 * by the Platform API's queries and by the gateway snapshot's, each of which owns its own SQL.
 */
public final class ModelRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    /** A row of {@code ai_llm}. */
    public static final RowMapper<AiLlm> AI_LLM = (rs, ctx) -> new AiLlm(rs.getString("id"), rs.getString("org_id"),
            rs.getString("workspace_id"), rs.getString("user_id"), rs.getString("name"),
            AiType.valueOf(rs.getString("ai_type")), rs.getString("endpoint"), rs.getString("secret_sealed"),
            rs.getString("key_sealed"), rs.getString("key_hint"), ValidationStatus.valueOf(rs.getString("validation_status")),
            rs.getString("validation_message"), Columns.instant(rs, "last_validated_at"),
            Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"),
            prices(rs.getString("prices"), Columns.instant(rs, "updated_at")), rs.getString("api_key_id"),
            rs.getString("session_token_sealed"), rs.getString("role_arn"), rs.getString("external_id"));

    /** A row of {@code provider_api_key}: a shared provider credential. */
    public static final RowMapper<ProviderApiKey> PROVIDER_API_KEY = (rs, ctx) -> new ProviderApiKey(rs.getString("id"),
            rs.getString("org_id"), rs.getString("workspace_id"), rs.getString("user_id"),
            AiType.valueOf(rs.getString("provider")), rs.getString("key_sealed"), rs.getString("key_hint"),
            rs.getString("secret_sealed"), rs.getString("endpoint"), rs.getString("region"),
            rs.getString("description"), Columns.instant(rs, "created_at"),
            Columns.instant(rs, "updated_at"));

    /** A row of {@code ai_llm_model}: one entry of a configuration's recorded catalog. */
    public static final RowMapper<ModelEntry> MODEL_ENTRY = (rs, ctx) -> new ModelEntry(rs.getString("model_id"),
            rs.getString("display_name"), rs.getLong("created"), Columns.nullableInt(rs, "max_input_tokens"),
            Columns.nullableInt(rs, "max_output_tokens"),
            Arrays.stream(rs.getString("capabilities").split(",")).filter(c -> !c.isEmpty()).toList());

    /** A row of {@code repo}. */
    public static final RowMapper<Repo> REPO = (rs, ctx) -> new Repo(rs.getString("id"), rs.getString("org_id"),
            rs.getString("workspace_id"), rs.getString("name"), rs.getBoolean("disabled"), rs.getString("created_by"),
            Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"));

    /** A row of {@code repo_ai_key}. */
    public static final RowMapper<RepoKey> REPO_KEY = (rs, ctx) -> new RepoKey(rs.getString("id"), rs.getString("repo_id"),
            rs.getString("name"), rs.getString("ai_type"), rs.getString("key_hash"), rs.getString("key_hint"),
            Columns.instant(rs, "expires_at"), models(rs.getString("allowed_models")),
            limits(rs),
            rs.getString("created_by"), Columns.instant(rs, "created_at"),
            Columns.instant(rs, "deleted_at"));

    private ModelRows() {
    }

    /**
     * A configuration's own prices (validated when they were set), versioned by the configuration's last change:
     * usage records priced by them say which version of the configuration set the price.
     */
    private static PriceList prices(String json, java.time.Instant updatedAt) {
        if (json == null) {
            return PriceList.NONE;
        }
        try {
            return PriceList.overrides(JSON.readTree(json), "override@" + updatedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("ai_llm.prices is not JSON", e);
        }
    }

    /** The {@code limit_*} columns of a repo key, repository or workspace row (V2, V11, V15). */
    public static final String LIMIT_COLUMNS = "limit_rpm, limit_tpm, limit_tokens_day, limit_tokens_month,"
            + " limit_cost_day_micros, limit_cost_month_micros";

    /** The {@link #LIMIT_COLUMNS} of a repo key, repository or workspace row. */
    public static KeyLimits limits(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new KeyLimits(Columns.nullableLong(rs, "limit_rpm"), Columns.nullableLong(rs, "limit_tpm"),
                Columns.nullableLong(rs, "limit_tokens_day"), Columns.nullableLong(rs, "limit_tokens_month"),
                KeyLimits.dollars(Columns.nullableLong(rs, "limit_cost_day_micros")),
                KeyLimits.dollars(Columns.nullableLong(rs, "limit_cost_month_micros")));
    }

    private static List<String> models(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("allowed_models is not a JSON list", e);
        }
    }
}
