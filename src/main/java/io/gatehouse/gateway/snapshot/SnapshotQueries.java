package io.gatehouse.gateway.snapshot;

import io.gatehouse.model.AiLlm;
import io.gatehouse.model.KeyLimits;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.model.Repo;
import io.gatehouse.model.RepoKey;
import io.gatehouse.store.ModelRows;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL a snapshot is built from: every configuration with its catalog, every repository, every live key. */
final class SnapshotQueries {
    private SnapshotQueries() {
    }

    static List<AiLlm> configurations(Handle h) {
        return h.createQuery("SELECT * FROM ai_llm").map(ModelRows.AI_LLM).list();
    }

    /** Every recorded catalog, by configuration id. */
    static Map<String, List<ModelEntry>> catalogs(Handle h) {
        Map<String, List<ModelEntry>> byConfig = new HashMap<>();
        h.createQuery("SELECT * FROM ai_llm_model ORDER BY ai_llm_id, model_id")
                .map((rs, ctx) -> Map.entry(rs.getString("ai_llm_id"), ModelRows.MODEL_ENTRY.map(rs, ctx)))
                .forEach(e -> byConfig.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return byConfig;
    }

    static List<Repo> repos(Handle h) {
        return h.createQuery("SELECT * FROM repo").map(ModelRows.REPO).list();
    }

    /** The configuration ids attached to each repository, in attachment order. */
    static Map<String, List<String>> attachments(Handle h) {
        Map<String, List<String>> byRepo = new HashMap<>();
        h.createQuery("SELECT repo_id, ai_llm_id FROM repo_ai_llm ORDER BY repo_id, position")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> byRepo.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return byRepo;
    }

    /** The limits set on repositories or workspaces ({@code table}), by id; owners without any are left out. */
    static Map<String, KeyLimits> limits(Handle h, String table) {
        Map<String, KeyLimits> byOwner = new HashMap<>();
        h.createQuery("SELECT id, " + ModelRows.LIMIT_COLUMNS + " FROM " + table
                        + " WHERE COALESCE(" + ModelRows.LIMIT_COLUMNS + ") IS NOT NULL")
                .map((rs, ctx) -> Map.entry(rs.getString("id"), ModelRows.limits(rs)))
                .forEach(e -> byOwner.put(e.getKey(), e.getValue()));
        return byOwner;
    }

    /** Keys not revoked (expired ones too: expiry is checked per request against the clock). */
    static List<RepoKey> liveKeys(Handle h) {
        return h.createQuery("SELECT * FROM repo_ai_key WHERE deleted_at IS NULL").map(ModelRows.REPO_KEY).list();
    }
}
