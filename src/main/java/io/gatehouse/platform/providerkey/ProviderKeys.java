package io.gatehouse.platform.providerkey;

import io.gatehouse.crypto.Secret;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.model.AiType;
import io.gatehouse.model.ProviderApiKey;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.Principal;
import io.gatehouse.store.ModelRows;
import io.gatehouse.store.SealedColumns;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL for shared provider credentials, and the copies of them that referencing configurations hold. */
public final class ProviderKeys {
    /** A configuration using a shared key, as named in a refusal to delete it. */
    public record User(String id, String name) {
    }

    /** What a configuration referencing a shared key stores: the credentials sealed to its own row, and where they go. */
    public record Copy(String apiKeyId, String secretSealed, String keySealed, String keyHint, String endpoint) {
    }

    private ProviderKeys() {
    }

    public static Optional<ProviderApiKey> byId(Handle h, String id) {
        return h.createQuery("SELECT * FROM provider_api_key WHERE id = :id").bind("id", id)
                .map(ModelRows.PROVIDER_API_KEY).findOne();
    }

    /** The shared key's credentials re-sealed for the configuration {@code aiLlmId}. */
    public static Copy copyFor(SecretBox box, ProviderApiKey key, String aiLlmId) {
        String secret = reseal(box, key.secretSealed(), SealedColumns.PROVIDER_KEY_SECRET.context(key.id()),
                SealedColumns.AI_LLM_SECRET.context(aiLlmId));
        String keyId = reseal(box, key.keySealed(), SealedColumns.PROVIDER_KEY_KEY.context(key.id()),
                SealedColumns.AI_LLM_KEY.context(aiLlmId));
        return new Copy(key.id(), secret, keyId, key.keyHint(), key.endpoint());
    }

    private static String reseal(SecretBox box, String sealed, String from, String to) {
        if (sealed == null) {
            return null;
        }
        Secret plain = box.open(sealed, from);
        return box.seal(plain.reveal(), to);
    }

    static void insert(Handle h, ProviderApiKey k) {
        h.createUpdate("""
                        INSERT INTO provider_api_key (id, org_id, workspace_id, user_id, provider, key_sealed, key_hint,
                            secret_sealed, endpoint, region, description, created_at, updated_at)
                        VALUES (:id, :orgId, :workspaceId, :userId, :providerName, :keySealed, :keyHint,
                            :secretSealed, :endpoint, :region, :description, :createdAt, :updatedAt)""")
                .bindMethods(k).bind("providerName", k.provider().name()).execute();
    }

    static void update(Handle h, ProviderApiKey k) {
        h.createUpdate("""
                        UPDATE provider_api_key SET provider = :providerName, key_sealed = :keySealed, key_hint = :keyHint,
                            secret_sealed = :secretSealed, endpoint = :endpoint, region = :region,
                            description = :description, updated_at = :updatedAt
                        WHERE id = :id""")
                .bindMethods(k).bind("providerName", k.provider().name()).execute();
    }

    static void delete(Handle h, String id) {
        h.createUpdate("DELETE FROM provider_api_key WHERE id = :id").bind("id", id).execute();
    }

    /** The configurations referencing the key, oldest first. */
    static List<User> users(Handle h, String id) {
        return h.createQuery("SELECT id, name FROM ai_llm WHERE api_key_id = :id ORDER BY created_at, id")
                .bind("id", id).map((rs, ctx) -> new User(rs.getString("id"), rs.getString("name"))).list();
    }

    /**
     * Makes every configuration referencing {@code key} hold its current credentials. A new target (endpoint)
     * voids what their last validation found, as for a configuration edited directly; a new secret for the same
     * account does not, so the gateway keeps routing to them without a pause.
     */
    static int propagate(Handle h, SecretBox box, ProviderApiKey key, boolean newTarget, Instant now) {
        List<User> users = users(h, key.id());
        for (User user : users) {
            Copy copy = copyFor(box, key, user.id());
            h.createUpdate("""
                            UPDATE ai_llm SET secret_sealed = :secretSealed, key_sealed = :keySealed, key_hint = :keyHint,
                                endpoint = :endpoint, updated_at = :now
                            WHERE id = :id""")
                    .bindMethods(copy).bind("now", now).bind("id", user.id()).execute();
            if (newTarget) {
                h.createUpdate("""
                                UPDATE ai_llm SET validation_status = 'UNVALIDATED', validation_message = NULL,
                                    last_validated_at = NULL WHERE id = :id""")
                        .bind("id", user.id()).execute();
                h.createUpdate("DELETE FROM ai_llm_model WHERE ai_llm_id = :id").bind("id", user.id()).execute();
            }
        }
        return users.size();
    }

    /** The keys the caller sees, newest first, optionally of one workspace and of some providers only. */
    static List<ProviderApiKey> visible(Handle h, Principal caller, String workspaceId, List<AiType> providers, int skip, int take) {
        return filter(h, caller, "SELECT * FROM provider_api_key", workspaceId, providers,
                " ORDER BY created_at DESC, id LIMIT :take OFFSET :skip")
                .bind("take", take).bind("skip", skip).map(ModelRows.PROVIDER_API_KEY).list();
    }

    static long countVisible(Handle h, Principal caller, String workspaceId, List<AiType> providers) {
        return filter(h, caller, "SELECT COUNT(*) FROM provider_api_key", workspaceId, providers, "").mapTo(Long.class).one();
    }

    static long userCount(Handle h, String id) {
        return h.createQuery("SELECT COUNT(*) FROM ai_llm WHERE api_key_id = :id").bind("id", id).mapTo(Long.class).one();
    }

    private static Query filter(Handle h, Principal caller, String select, String workspaceId, List<AiType> providers, String tail) {
        Query q = h.createQuery(select + " WHERE org_id = :orgId" + Access.visibleWorkspaces(caller, "workspace_id")
                        + (workspaceId == null ? "" : " AND workspace_id = :ws")
                        + (providers.isEmpty() ? " AND 1 = 0" : " AND provider IN (<providers>)") + tail)
                .bind("orgId", caller.orgId()).bind("userId", caller.userId()).bind("ws", workspaceId);
        if (!providers.isEmpty()) {
            q.bindList("providers", providers.stream().map(Enum::name).toList());
        }
        return q;
    }
}
