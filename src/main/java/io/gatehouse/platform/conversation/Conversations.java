package io.gatehouse.platform.conversation;

import io.gatehouse.store.Columns;
import io.gatehouse.platform.Principal;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for conversations and their messages. Message content arrives and leaves sealed; the resource opens it. */
final class Conversations {
    private Conversations() {
    }

    /** A conversation row; {@code keySealed} is the sealed secret of the key it prompts with. */
    record Conversation(String id, String orgId, String workspaceId, String repoId, String repoName, String createdBy,
                        String creatorName, String creatorLastName, String creatorEmail, Instant createdAt,
                        Instant lastUpdatedAt, Instant deletedAt, String title, long tokensIn, long tokensOut,
                        String keyId, String keySealed) {
    }

    /** A stored message, its content still sealed. */
    record Message(String id, String conversationId, int seq, String role, String model, Long tokenCount,
                   Instant createdAt, String contentSealed) {
    }

    /** The filters of {@code GET /conversation}; null means "any". */
    record Filter(Instant from, Instant to, String userId, String workspaceId, String repoId, boolean showDeleted) {
    }

    private static final String SELECT = """
            SELECT c.*, r.name AS repo_name, u.name AS creator_name, u.last_name AS creator_last_name,
                u.email AS creator_email
            FROM conversation c JOIN repo r ON r.id = c.repo_id JOIN app_user u ON u.id = c.created_by""";

    /**
     * Who sees a conversation: its creator, and whoever holds ADMIN on its workspace (organization managers hold it
     * on every workspace). Bind {@code :orgId} and {@code :userId}.
     */
    private static String visibleTo(Principal caller) {
        return " WHERE c.org_id = :orgId " + (caller.managesOrganization() ? "" : """
                 AND (c.created_by = :userId OR c.workspace_id IN (SELECT m.workspace_id FROM workspace_member m
                    WHERE m.user_id = :userId AND m.access_type = 'ADMIN'))""");
    }

    static void insert(Handle h, Conversation c) {
        h.createUpdate("""
                        INSERT INTO conversation (id, org_id, workspace_id, repo_id, created_by, created_at, last_updated_at,
                            key_id, key_sealed)
                        VALUES (:id, :orgId, :workspaceId, :repoId, :createdBy, :createdAt, :lastUpdatedAt, :keyId, :keySealed)""")
                .bind("id", c.id()).bind("orgId", c.orgId()).bind("workspaceId", c.workspaceId())
                .bind("repoId", c.repoId()).bind("createdBy", c.createdBy()).bind("createdAt", c.createdAt())
                .bind("lastUpdatedAt", c.lastUpdatedAt()).bind("keyId", c.keyId()).bind("keySealed", c.keySealed())
                .execute();
    }

    static Optional<Conversation> visible(Handle h, Principal caller, String id) {
        return h.createQuery(SELECT + visibleTo(caller) + " AND c.id = :id")
                .bind("orgId", caller.orgId()).bind("userId", caller.userId()).bind("id", id)
                .map((rs, ctx) -> conversation(rs)).findOne();
    }

    static List<Conversation> list(Handle h, Principal caller, Filter filter, int skip, int take) {
        Query query = h.createQuery(SELECT + visibleTo(caller) + where(filter)
                + " ORDER BY c.last_updated_at DESC, c.id LIMIT :take OFFSET :skip");
        return bind(query, caller, filter).bind("take", take).bind("skip", skip).map((rs, ctx) -> conversation(rs)).list();
    }

    static long count(Handle h, Principal caller, Filter filter) {
        Query query = h.createQuery("SELECT COUNT(*) FROM conversation c" + visibleTo(caller) + where(filter));
        return bind(query, caller, filter).mapTo(Long.class).one();
    }

    private static String where(Filter f) {
        StringBuilder sql = new StringBuilder();
        if (!f.showDeleted()) {
            sql.append(" AND c.deleted_at IS NULL");
        }
        if (f.from() != null) {
            sql.append(" AND c.created_at >= :from");
        }
        if (f.to() != null) {
            sql.append(" AND c.created_at < :to");
        }
        if (f.userId() != null) {
            sql.append(" AND c.created_by = :creator");
        }
        if (f.workspaceId() != null) {
            sql.append(" AND c.workspace_id = :workspaceId");
        }
        if (f.repoId() != null) {
            sql.append(" AND c.repo_id = :repoId");
        }
        return sql.toString();
    }

    private static Query bind(Query query, Principal caller, Filter f) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("orgId", caller.orgId());
        values.put("userId", caller.userId());
        values.put("from", f.from());
        values.put("to", f.to());
        values.put("creator", f.userId());
        values.put("workspaceId", f.workspaceId());
        values.put("repoId", f.repoId());
        values.forEach((name, value) -> {
            if (value != null) {
                query.bind(name, value);
            }
        });
        return query;
    }

    /** The messages in the order they were said. */
    static List<Message> messages(Handle h, String conversationId, int skip, int take) {
        return h.createQuery("""
                        SELECT * FROM conversation_message WHERE conversation_id = :id ORDER BY seq LIMIT :take OFFSET :skip""")
                .bind("id", conversationId).bind("take", take).bind("skip", skip)
                .map((rs, ctx) -> message(rs)).list();
    }

    static long countMessages(Handle h, String conversationId) {
        return h.createQuery("SELECT COUNT(*) FROM conversation_message WHERE conversation_id = :id")
                .bind("id", conversationId).mapTo(Long.class).one();
    }

    /** The last {@code limit} messages, oldest first: the context a new prompt is sent with. */
    static List<Message> history(Handle h, String conversationId, int limit) {
        List<Message> newestFirst = h.createQuery("""
                        SELECT * FROM conversation_message WHERE conversation_id = :id ORDER BY seq DESC LIMIT :limit""")
                .bind("id", conversationId).bind("limit", limit).map((rs, ctx) -> message(rs)).list();
        List<Message> ordered = new ArrayList<>(newestFirst);
        Collections.reverse(ordered);
        return ordered;
    }

    static int nextSeq(Handle h, String conversationId) {
        return h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM conversation_message WHERE conversation_id = :id")
                .bind("id", conversationId).mapTo(Integer.class).one();
    }

    static void insert(Handle h, String orgId, Message m) {
        h.createUpdate("""
                        INSERT INTO conversation_message (id, org_id, conversation_id, seq, role, model, token_count,
                            created_at, content_sealed)
                        VALUES (:id, :orgId, :conversationId, :seq, :role, :model, :tokenCount, :createdAt, :contentSealed)""")
                .bind("id", m.id()).bind("orgId", orgId).bind("conversationId", m.conversationId()).bind("seq", m.seq())
                .bind("role", m.role()).bind("model", m.model()).bind("tokenCount", m.tokenCount())
                .bind("createdAt", m.createdAt()).bind("contentSealed", m.contentSealed())
                .execute();
    }

    /** Counts a turn's tokens, moves the conversation up the list and names it if it has no title yet. */
    static void turnTaken(Handle h, String id, long tokensIn, long tokensOut, Instant at, String title) {
        h.createUpdate("""
                        UPDATE conversation SET tokens_in = tokens_in + :in, tokens_out = tokens_out + :out,
                            last_updated_at = :at, title = COALESCE(title, :title)
                        WHERE id = :id""")
                .bind("in", tokensIn).bind("out", tokensOut).bind("at", at).bind("title", title).bind("id", id)
                .execute();
    }

    static void softDelete(Handle h, String id, Instant at) {
        h.createUpdate("UPDATE conversation SET deleted_at = :at WHERE id = :id").bind("at", at).bind("id", id).execute();
    }

    static void hardDelete(Handle h, String id) {
        h.createUpdate("DELETE FROM conversation_message WHERE conversation_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM conversation WHERE id = :id").bind("id", id).execute();
    }

    private static Conversation conversation(ResultSet rs) throws SQLException {
        return new Conversation(rs.getString("id"), rs.getString("org_id"), rs.getString("workspace_id"),
                rs.getString("repo_id"), rs.getString("repo_name"), rs.getString("created_by"),
                rs.getString("creator_name"), rs.getString("creator_last_name"), rs.getString("creator_email"),
                Columns.instant(rs, "created_at"), Columns.instant(rs, "last_updated_at"), Columns.instant(rs, "deleted_at"),
                rs.getString("title"), rs.getLong("tokens_in"), rs.getLong("tokens_out"), rs.getString("key_id"),
                rs.getString("key_sealed"));
    }

    private static Message message(ResultSet rs) throws SQLException {
        long count = rs.getLong("token_count");
        Long tokens = rs.wasNull() ? null : count;
        return new Message(rs.getString("id"), rs.getString("conversation_id"), rs.getInt("seq"), rs.getString("role"),
                rs.getString("model"), tokens, Columns.instant(rs, "created_at"),
                rs.getString("content_sealed"));
    }
}
