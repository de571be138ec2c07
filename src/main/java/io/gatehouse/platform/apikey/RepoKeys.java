package io.gatehouse.platform.apikey;

import io.gatehouse.crypto.Tokens;
import io.gatehouse.model.KeyLimits;
import io.gatehouse.model.RepoKey;
import io.gatehouse.platform.Json;
import io.gatehouse.platform.LimitColumns;
import io.gatehouse.store.Ids;
import io.gatehouse.store.ModelRows;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL for repo AI API keys. */
public final class RepoKeys {
    /** The {@code kind} of a key private chat made for one conversation; users' own keys are {@code repo}. */
    public static final String CONVERSATION_KIND = "conversation";

    private RepoKeys() {
    }

    static void insert(Handle h, RepoKey k) {
        h.createUpdate("""
                        INSERT INTO repo_ai_key (id, repo_id, name, ai_type, key_hash, key_hint, expires_at, allowed_models,
                            limit_rpm, limit_tpm, limit_tokens_day, limit_tokens_month, limit_cost_day_micros,
                            limit_cost_month_micros, created_by, created_at)
                        VALUES (:id, :repoId, :name, :aiType, :keyHash, :keyHint, :expiresAt, :allowedModels,
                            :rpm, :tpm, :day, :month, :costDay, :costMonth, :createdBy, :createdAt)""")
                .bindMethods(k)
                .bind("allowedModels", json(k.allowedModels()))
                .bindMap(LimitColumns.bindings(k.limits()))
                .execute();
    }

    static void update(Handle h, RepoKey k) {
        h.createUpdate("""
                        UPDATE repo_ai_key SET name = :name, expires_at = :expiresAt, allowed_models = :allowedModels,
                            limit_rpm = :rpm, limit_tpm = :tpm, limit_tokens_day = :day, limit_tokens_month = :month,
                            limit_cost_day_micros = :costDay, limit_cost_month_micros = :costMonth
                        WHERE id = :id""")
                .bind("name", k.name()).bind("expiresAt", k.expiresAt()).bind("allowedModels", json(k.allowedModels()))
                .bindMap(LimitColumns.bindings(k.limits()))
                .bind("id", k.id())
                .execute();
    }

    /** A key of the repository that is not revoked. */
    static Optional<RepoKey> live(Handle h, String repoId, String id) {
        return h.createQuery("SELECT * FROM repo_ai_key WHERE id = :id AND repo_id = :repo AND deleted_at IS NULL")
                .bind("id", id).bind("repo", repoId).map(ModelRows.REPO_KEY).findOne();
    }

    static List<RepoKey> live(Handle h, String repoId, int skip, int take) {
        return h.createQuery("""
                        SELECT * FROM repo_ai_key WHERE repo_id = :repo AND deleted_at IS NULL
                        ORDER BY created_at DESC, id LIMIT :take OFFSET :skip""")
                .bind("repo", repoId).bind("take", take).bind("skip", skip).map(ModelRows.REPO_KEY).list();
    }

    static long countLive(Handle h, String repoId) {
        return h.createQuery("SELECT COUNT(*) FROM repo_ai_key WHERE repo_id = :repo AND deleted_at IS NULL")
                .bind("repo", repoId).mapTo(Long.class).one();
    }

    static boolean nameTaken(Handle h, String repoId, String name, String exceptId) {
        return h.createQuery("""
                        SELECT COUNT(*) FROM repo_ai_key WHERE repo_id = :repo AND deleted_at IS NULL
                        AND LOWER(name) = LOWER(:name) AND id <> :except""")
                .bind("repo", repoId).bind("name", name).bind("except", exceptId == null ? "" : exceptId)
                .mapTo(Long.class).one() > 0;
    }

    /**
     * A key made for another resource's own use (a private-chat conversation sends its prompts through the gateway
     * with one): listed with the repository's keys like any other, so its usage and revocation stay visible.
     * The caller makes the secret and keeps it (sealed); only its hash and hint are stored here. {@code kind} says
     * whose key it is ({@code conversation}), so that its usage can be told from applications' (V18).
     */
    public static RepoKey mint(Handle h, String repoId, String name, String createdBy, Instant now, String secret,
                               String kind) {
        RepoKey key = new RepoKey(Ids.newId(), repoId, name, null, Tokens.hash(secret),
                Tokens.mask(secret), null, null, KeyLimits.NONE, createdBy, now, null);
        insert(h, key);
        h.createUpdate("UPDATE repo_ai_key SET kind = :kind WHERE id = :id").bind("kind", kind).bind("id", key.id()).execute();
        return key;
    }

    public static void revoke(Handle h, String id, Instant now) {
        h.createUpdate("UPDATE repo_ai_key SET deleted_at = :now WHERE id = :id").bind("now", now).bind("id", id).execute();
    }

    private static String json(List<String> models) {
        return models == null ? null : Json.write(models);
    }
}
