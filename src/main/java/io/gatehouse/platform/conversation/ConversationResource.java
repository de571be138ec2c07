package io.gatehouse.platform.conversation;

import io.gatehouse.crypto.SecretBox;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.model.Repo;
import io.gatehouse.model.RepoKey;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.AccessType;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Fields;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.platform.apikey.RepoKeys;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.conversation.Conversations.Conversation;
import io.gatehouse.platform.conversation.Conversations.Message;
import io.gatehouse.platform.repo.Repos;
import io.gatehouse.store.Ids;
import io.gatehouse.store.SealedColumns;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /conversation}: private chat with a repository's models. Creating a conversation needs WRITE on the
 * repository's workspace (it makes a key of the repository, listed with its keys, which the conversation's
 * prompts are sent with); a conversation is then seen by its creator and the workspace's ADMINs, and only its
 * creator prompts in it. Deleting is soft unless {@code hardDelete=true}; either way the key is revoked.
 */
public final class ConversationResource implements ApiResource {
    static final int MAX_PROMPT = 32 * 1024;
    static final int MAX_MODEL = 300;
    /** The earlier messages sent with a prompt as its context; older ones are left out. */
    static final int HISTORY = 100;

    private final Jdbi jdbi;
    private final Access access;
    private final AuditLog audit;
    private final Clock clock;
    private final SecretBox box;
    private final GatewayChat gateway;

    /** @param gatewayBase this node's gateway listener as seen from itself */
    public ConversationResource(Jdbi jdbi, Access access, AuditLog audit, Clock clock, SecretBox box,
                                Supplier<String> gatewayBase, Duration timeout) {
        this.jdbi = jdbi;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.box = box;
        this.gateway = new GatewayChat(gatewayBase, timeout);
    }

    record CreateBody(String repoId) {
    }

    record PromptBody(String prompt, String model, Boolean stream) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.post("/conversation", this::create);
        routes.get("/conversation", this::list);
        routes.post("/conversation/{id}/prompt", this::prompt);
        routes.get("/conversation/{id}/messages", this::messages);
        routes.delete("/conversation/{id}", this::delete);
    }

    private Reply create(ApiRequest req) {
        Principal caller = req.principal();
        String repoId = Fields.requireId(req.body(CreateBody.class).repoId(), "repoId", "Repository");
        String id = Ids.newId();
        Instant now = Instant.now(clock);
        String secret = Tokens.newSecret(Tokens.REPO_KEY_PREFIX);
        jdbi.useTransaction(h -> {
            Repo repo = Repos.visible(h, access, caller, repoId, AccessType.WRITE);
            RepoKey key = RepoKeys.mint(h, repoId, "conversation " + id, caller.userId(), now, secret,
                    RepoKeys.CONVERSATION_KIND);
            Conversations.insert(h, new Conversation(id, caller.orgId(), repo.workspaceId(), repoId, repo.name(),
                    caller.userId(), null, null, null, now, now, null, null, 0, 0, key.id(),
                    box.seal(secret, SealedColumns.CONVERSATION_KEY.context(id))));
            audit.record(h, AuditLog.by(caller, repo.workspaceId(), AuditContext.AILLMAPIKEY, key.id(), AuditAction.CREATED,
                    Map.of("name", key.name(), "repoId", repoId, "key", key.keyHint(), "conversationId", id)));
            audit.record(h, AuditLog.by(caller, repo.workspaceId(), AuditContext.CONVERSATION, id, AuditAction.CREATED,
                    Map.of("repoId", repoId)));
        });
        return Reply.ok("conversationId", id);
    }

    private Reply list(ApiRequest req) {
        Principal caller = req.principal();
        Page page = req.page();
        Conversations.Filter filter = new Conversations.Filter(
                Fields.optionalInstant(req.query("from").orElse(null), "from"),
                Fields.optionalInstant(req.query("to").orElse(null), "to"),
                req.query("userId").orElse(null), req.query("workspaceId").orElse(null),
                req.query("repoId").orElse(null), flag(req, "showDeleted"));
        return jdbi.withHandle(h -> {
            List<Map<String, Object>> items = Conversations.list(h, caller, filter, page.skip(), page.take()).stream()
                    .map(ConversationResource::view).toList();
            return Reply.page("conversations", items, Conversations.count(h, caller, filter), page);
        });
    }

    /** A prompt ready to send: who asks, in which conversation, with what context and key. */
    private record Turn(Principal caller, String id, String prompt, String model, List<Map<String, String>> context,
                        String secret) {
    }

    private Reply prompt(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Conversation");
        PromptBody body = req.body(PromptBody.class);
        String prompt = Fields.requireText(body.prompt(), "prompt", MAX_PROMPT);
        String model = Fields.requireName(body.model(), "model", MAX_MODEL);
        Conversation conversation = jdbi.withHandle(h -> live(h, caller, id));
        if (!conversation.createdBy().equals(caller.userId())) {
            throw ApiException.forbidden("Only the creator of a conversation may prompt in it");
        }
        List<Map<String, String>> context = new ArrayList<>();
        for (Message earlier : jdbi.withHandle(h -> Conversations.history(h, id, HISTORY))) {
            context.add(Map.of("role", earlier.role(), "content", open(earlier)));
        }
        context.add(Map.of("role", "user", "content", prompt));
        String secret = box.open(conversation.keySealed(), SealedColumns.CONVERSATION_KEY.context(id)).reveal();
        Turn turn = new Turn(caller, id, prompt, model, context, secret);
        if (!Boolean.TRUE.equals(body.stream())) {
            return stored(turn, gateway.complete(secret, model, context, caller.userId(), id));
        }
        // Opened before answering, so a refusal (a policy block, a limit) is still an ordinary error answer.
        InputStream opened = gateway.openStream(secret, model, context, caller.userId(), id);
        return Reply.events(emit -> {
            GatewayChat.Answer answer = gateway.relay(opened, piece -> emit.accept(Map.of("type", "delta", "text", piece)));
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("type", "done");
            done.putAll(stored(turn, answer).body());
            emit.accept(done);
        });
    }

    /** Stores the prompt and its answer and counts the turn; the answer names both messages and the title. */
    private Reply stored(Turn turn, GatewayChat.Answer answer) {
        Instant now = Instant.now(clock);
        String answeredBy = answer.model() == null ? turn.model() : answer.model();
        List<Message> said = jdbi.inTransaction(h -> {
            int seq = Conversations.nextSeq(h, turn.id());
            Message asked = message(turn.id(), seq, "user", turn.model(), answer.promptTokens(), now, turn.prompt());
            Message answered = message(turn.id(), seq + 1, "assistant", answeredBy, answer.completionTokens(), now,
                    answer.content());
            Conversations.insert(h, turn.caller().orgId(), asked);
            Conversations.insert(h, turn.caller().orgId(), answered);
            Conversations.turnTaken(h, turn.id(), answer.promptTokens(), answer.completionTokens(), now,
                    Titles.of(turn.prompt()));
            return List.of(asked, answered);
        });
        List<Map<String, Object>> views = said.stream().map(m -> view(m, open(m))).toList();
        return Reply.ok("conversationId", turn.id()).put("messages", views)
                .put("title", jdbi.withHandle(h -> live(h, turn.caller(), turn.id())).title());
    }

    private Reply messages(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Conversation");
        Page page = req.page();
        return jdbi.withHandle(h -> {
            Conversation conversation = Conversations.visible(h, caller, id)
                    .orElseThrow(() -> ApiException.notFound("Conversation"));
            List<Map<String, Object>> items = Conversations.messages(h, id, page.skip(), page.take()).stream()
                    .map(m -> view(m, open(m))).toList();
            Reply reply = Reply.page("messages", items, Conversations.countMessages(h, id), page);
            // The vendor's type has title optional but never null: left out until the first prompt names it.
            return conversation.title() == null ? reply : reply.put("title", conversation.title());
        });
    }

    private Reply delete(ApiRequest req) {
        Principal caller = req.principal();
        String id = req.pathId("id", "Conversation");
        boolean hard = flag(req, "hardDelete");
        Instant now = Instant.now(clock);
        jdbi.useTransaction(h -> {
            Conversation conversation = Conversations.visible(h, caller, id)
                    .filter(c -> hard || c.deletedAt() == null)
                    .orElseThrow(() -> ApiException.notFound("Conversation"));
            if (hard) {
                Conversations.hardDelete(h, id);
            } else {
                Conversations.softDelete(h, id, now);
            }
            RepoKeys.revoke(h, conversation.keyId(), now);
            audit.record(h, AuditLog.by(caller, conversation.workspaceId(), AuditContext.CONVERSATION, id,
                    AuditAction.DELETED, Map.of("repoId", conversation.repoId(), "hardDelete", hard)));
        });
        return Reply.ok("message", hard ? "Conversation deleted with its messages" : "Conversation deleted");
    }

    private static Conversation live(Handle h, Principal caller, String id) {
        return Conversations.visible(h, caller, id).filter(c -> c.deletedAt() == null)
                .orElseThrow(() -> ApiException.notFound("Conversation"));
    }

    private Message message(String conversationId, int seq, String role, String model, long tokens, Instant at,
                            String content) {
        String messageId = Ids.newId();
        return new Message(messageId, conversationId, seq, role, model, tokens, at,
                box.seal(content, SealedColumns.CONVERSATION_MESSAGE.context(messageId)));
    }

    private String open(Message m) {
        return box.open(m.contentSealed(), SealedColumns.CONVERSATION_MESSAGE.context(m.id())).reveal();
    }

    private static boolean flag(ApiRequest req, String name) {
        return req.query(name).map(value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false");
        }).orElse(false);
    }

    /** Optional fields of the vendor's types are left out rather than sent as null. */
    private static void putPresent(Map<String, Object> view, String key, Object value) {
        if (value != null) {
            view.put(key, value);
        }
    }

    /** A conversation as the vendor's ConversationDTO has it (token counts as strings, as its BigInts are). */
    private static Map<String, Object> view(Conversation c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("orgId", c.orgId());
        view.put("createdBy", c.createdBy());
        view.put("createdAt", c.createdAt());
        view.put("lastUpdatedAt", c.lastUpdatedAt());
        view.put("workspaceId", c.workspaceId());
        view.put("repoId", c.repoId());
        view.put("tokensIn", Long.toString(c.tokensIn()));
        view.put("tokensOut", Long.toString(c.tokensOut()));
        view.put("deletedAt", c.deletedAt());
        view.put("repo", Map.of("id", c.repoId(), "name", c.repoName()));
        view.put("creator", Map.of("id", c.createdBy(), "name", c.creatorName(), "lastName", c.creatorLastName(),
                "email", c.creatorEmail()));
        putPresent(view, "title", c.title());
        return view;
    }

    private static Map<String, Object> view(Message m, String content) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", m.id());
        view.put("conversationId", m.conversationId());
        view.put("role", m.role());
        view.put("content", content);
        putPresent(view, "tokenCount", m.tokenCount());
        putPresent(view, "model", m.model());
        view.put("createdAt", m.createdAt());
        return view;
    }
}
