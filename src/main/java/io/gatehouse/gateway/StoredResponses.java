package io.gatehouse.gateway;

import io.gatehouse.crypto.SecretBox;
import io.gatehouse.store.SealedColumns;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The {@link ResponseStore} in the database ({@code stored_response}, both JSON values sealed to their row). A
 * response being written is served from memory until its row is committed, so that a client continuing it right
 * after the answer finds it on this node.
 */
public final class StoredResponses implements ResponseStore {
    private static final Logger log = LoggerFactory.getLogger(StoredResponses.class);

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Executor writer;
    private final Map<String, Stored> writing = new ConcurrentHashMap<>();

    /** @param writer where rows are written (virtual threads: never an event loop) */
    public StoredResponses(Jdbi jdbi, SecretBox box, Executor writer) {
        this.jdbi = jdbi;
        this.box = box;
        this.writer = writer;
    }

    @Override
    public void keep(Stored response) {
        writing.put(response.id(), response);
        writer.execute(() -> {
            try {
                jdbi.useHandle(h -> h.createUpdate("INSERT INTO stored_response (id, org_id, repo_id, created_at,"
                                + " response_sealed, conversation_sealed) VALUES (:id, :org, :repo, :at, :response,"
                                + " :conversation)")
                        .bind("id", response.id()).bind("org", response.orgId()).bind("repo", response.repoId())
                        .bind("at", response.createdAt())
                        .bind("response", box.seal(response.response(), SealedColumns.RESPONSE.context(response.id())))
                        .bind("conversation", box.seal(response.conversation(),
                                SealedColumns.RESPONSE_CONVERSATION.context(response.id())))
                        .execute());
            } catch (RuntimeException e) {
                log.warn("Could not store response {}: {}", response.id(), e.toString());
            } finally {
                writing.remove(response.id());
            }
        });
    }

    @Override
    public Stored find(String repoId, String id) {
        Stored pending = writing.get(id);
        if (pending != null) {
            return pending.repoId().equals(repoId) ? pending : null;
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT id, org_id, repo_id, created_at, response_sealed,"
                        + " conversation_sealed FROM stored_response WHERE id = :id AND repo_id = :repo")
                .bind("id", id).bind("repo", repoId)
                .map((rs, ctx) -> new Stored(rs.getString("id"), rs.getString("org_id"), rs.getString("repo_id"),
                        io.gatehouse.store.Columns.instant(rs, "created_at"),
                        box.open(rs.getString("response_sealed"), SealedColumns.RESPONSE.context(id)).reveal(),
                        box.open(rs.getString("conversation_sealed"),
                                SealedColumns.RESPONSE_CONVERSATION.context(id)).reveal()))
                .findOne().orElse(null));
    }

    @Override
    public boolean delete(String repoId, String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM stored_response WHERE id = :id AND repo_id = :repo")
                .bind("id", id).bind("repo", repoId).execute()) > 0;
    }
}
