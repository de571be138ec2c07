package io.gatehouse.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.console.view.ChatMessage;
import io.gatehouse.console.view.Conversation;
import io.gatehouse.console.view.Model;
import io.gatehouse.platform.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.gatehouse.console.PlatformClient.enc;
import static io.gatehouse.console.PlatformClient.fields;

/**
 * Private chat ({@code /ui/w/{ws}/chat}), over the Platform API's {@code /conversation}: start a conversation with
 * a repository, pick one of its chat models, send prompts — streamed as they are answered when JavaScript runs
 * ({@code stream: true}, relayed event by event), else a plain form post that shows the whole answer after a
 * redirect — and the history of the user's conversations in this workspace, each one deletable. Prompts go through
 * the repository's gateway path, so its policies, limits and usage apply.
 */
final class ChatPages {
    private static final int HISTORY = 50;
    private static final int MESSAGES = 100;

    void register(ConsoleRoutes routes) {
        routes.page("/ui/w/:ws/chat", this::list);
        routes.action("/ui/w/:ws/chat", this::create);
        routes.page("/ui/w/:ws/chat/:id", this::show);
        routes.action("/ui/w/:ws/chat/:id", this::prompt);
        routes.stream("/ui/w/:ws/chat/:id/stream", this::stream);
        routes.action("/ui/w/:ws/chat/:id/delete", this::delete);
    }

    private ConsoleReply list(ConsoleCall call) {
        Frame frame = call.frame("chat");
        String ws = frame.workspace().id();
        return call.page("chats", frame, "conversations", conversations(call, ws), "repos", RepoPages.repos(call, ws));
    }

    /** The newest conversations of this workspace the user may see (the creator's own; ADMINs see everyone's). */
    private static List<Conversation> conversations(ConsoleCall call, String ws) {
        var answer = call.api().read("/conversation", Map.of("workspaceId", ws, "take", Integer.toString(HISTORY)));
        // The vendor's type has title optional: the API leaves it out until the first prompt names the conversation.
        answer.json().path("conversations").forEach(c -> ((ObjectNode) c).putIfAbsent("title", NullNode.getInstance()));
        return answer.list("conversations", Conversation.class);
    }

    private ConsoleReply create(ConsoleCall call) {
        String base = "/ui/w/" + call.path("ws") + "/chat";
        String repoId = call.form("repoId");
        if (repoId.isEmpty() || !call.path("ws").equals(RepoPages.repo(call, repoId).workspaceId())) {
            return ConsoleReply.redirect(base, false, "Choose a repository of this workspace.");
        }
        var answer = call.api().post("/conversation", fields("repoId", repoId));
        return answer.ok() ? ConsoleReply.redirect(base + "/" + answer.field("conversationId", String.class))
                : ConsoleReply.redirect(base, false, answer.message());
    }

    private ConsoleReply show(ConsoleCall call) {
        Frame frame = call.frame("chat");
        String ws = frame.workspace().id();
        List<Conversation> history = conversations(call, ws);
        Conversation conversation = history.stream().filter(c -> c.id().equals(call.path("id"))).findFirst()
                .orElseThrow(() -> new ConsoleFailure(404, "Conversation not found among this workspace's newest " + HISTORY + "."));
        List<ChatMessage> messages = call.api().read("/conversation/" + enc(conversation.id()) + "/messages",
                Map.of("take", Integer.toString(MESSAGES))).list("messages", ChatMessage.class);
        var models = call.api().post("/ai/models", Map.of("repoId", conversation.repoId()));
        List<Model> chatModels = models.ok() ? models.list("models", Model.class).stream().filter(Model::chats).toList() : List.of();
        String lastModel = messages.isEmpty() ? "" : messages.getLast().model();
        return call.page("chat", frame, "conversation", conversation, "messages", messages, "models", chatModels,
                "model", lastModel == null ? "" : lastModel, "history", history);
    }

    /** Without JavaScript: the whole answer, then the page again (or why there is none). */
    private ConsoleReply prompt(ConsoleCall call) {
        String page = "/ui/w/" + call.path("ws") + "/chat/" + call.path("id");
        var answer = call.api().post("/conversation/" + enc(call.path("id")) + "/prompt",
                fields("prompt", call.form("prompt"), "model", call.form("model")));
        return answer.ok() ? ConsoleReply.redirect(page) : ConsoleReply.redirect(page, false, answer.message());
    }

    /** With JavaScript: the answer's pieces as the gateway streams them, then an outcome. */
    private void stream(ConsoleCall call, ConsoleRoutes.EventSink sink) {
        HttpResponse<InputStream> response = call.api().postStreaming("/conversation/" + enc(call.path("id")) + "/prompt",
                fields("prompt", call.form("prompt"), "model", call.form("model"), "stream", true));
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                JsonNode error = Json.MAPPER.readTree(in.readAllBytes());
                sink.outcome(false, response.statusCode(), error.path("message").asText("The prompt failed (HTTP " + response.statusCode() + ")."));
                return;
            }
            relay(in, sink);
        } catch (IOException e) {
            throw new ConsoleFailure(502, "The answer broke off: " + e.getMessage());
        }
    }

    private static void relay(InputStream in, ConsoleRoutes.EventSink sink) {
        try (Stream<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext() && sink.open()) {
                String line = it.next();
                if (!line.startsWith("data:")) {
                    continue;
                }
                JsonNode event = Json.MAPPER.readTree(line.substring(5).trim());
                switch (event.path("type").asText()) {
                    case "delta" -> sink.event(Map.of("type", "delta", "text", event.path("text").asText("")));
                    case "done" -> {
                        sink.outcome(true, 200, "Answered.");
                        return;
                    }
                    case "error" -> {
                        sink.outcome(false, 200, event.path("message").asText("The answer failed."));
                        return;
                    }
                    default -> {
                    }
                }
            }
            sink.outcome(false, 200, "The answer ended early.");
        } catch (IOException e) {
            throw new ConsoleFailure(502, "The answer broke off: " + e.getMessage());
        }
    }

    private ConsoleReply delete(ConsoleCall call) {
        String base = "/ui/w/" + call.path("ws") + "/chat";
        var answer = call.api().delete("/conversation/" + enc(call.path("id")));
        return answer.ok() ? ConsoleReply.redirect(base, true, "Conversation deleted.")
                : ConsoleReply.redirect(base + "/" + call.path("id"), false, answer.message());
    }
}
