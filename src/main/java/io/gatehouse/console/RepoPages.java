package io.gatehouse.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.List;
import java.util.Map;

import static io.gatehouse.console.PlatformClient.enc;
import static io.gatehouse.console.PlatformClient.fields;

/**
 * Repositories of a workspace: create, attach and detach configurations, the models they reach, and their
 * keys (create with the secret shown once, rename, revoke). The "try it" panel is {@link TryIt}.
 */
final class RepoPages {
    void register(ConsoleRoutes routes) {
        routes.page("/ui/w/:ws/repos", this::list);
        routes.action("/ui/w/:ws/repos", this::create);
        routes.page("/ui/w/:ws/repos/:id", this::show);
        routes.action("/ui/w/:ws/repos/:id/attach", this::attach);
        routes.action("/ui/w/:ws/repos/:id/delete", this::delete);
        routes.action("/ui/w/:ws/repos/:id/keys", this::createKey);
        routes.action("/ui/w/:ws/repos/:id/keys/:key/rename", this::renameKey);
        routes.action("/ui/w/:ws/repos/:id/keys/:key/revoke", this::revokeKey);
    }

    private ConsoleReply list(ConsoleCall call) {
        Frame frame = call.frame("repos");
        String ws = frame.workspace().id();
        JsonNode repos = call.api().read("/repo", Map.of("workspaceId", ws, "take", "100")).path("repos");
        JsonNode configs = call.api().read("/ai/llm", Map.of("workspaceId", ws)).path("aiLlms");
        return call.page("repos", frame, "repos", repos, "configs", configs);
    }

    private ConsoleReply create(ConsoleCall call) {
        String base = "/ui/w/" + call.path("ws") + "/repos";
        var answer = call.api().post("/repo", fields("name", call.form("name"), "workspaceId", call.path("ws"),
                "repoAiLlms", attachments(call)));
        return answer.ok()
                ? ConsoleReply.redirect(base + "/" + answer.path("repoId").asText(), true, "Repository created.")
                : ConsoleReply.redirect(base, false, answer.message());
    }

    private ConsoleReply show(ConsoleCall call) {
        Frame frame = call.frame("repos");
        String id = call.path("id");
        JsonNode repo = call.api().read("/repo/" + enc(id)).path("repo");
        ConfigurationPages.requireInWorkspace(repo, frame);
        JsonNode configs = call.api().read("/ai/llm", Map.of("workspaceId", frame.workspace().id())).path("aiLlms");
        JsonNode keys = call.api().read("/repo/" + enc(id) + "/ai/apikey", Map.of("take", "100")).path("apiKeys");
        var models = call.api().post("/ai/models", Map.of("repoId", id));
        return call.page("repo", frame, "repo", repo, "configs", configs, "keys", keys,
                "models", models.ok() ? models.path("models") : JsonNodeFactory.instance.arrayNode());
    }

    private ConsoleReply attach(ConsoleCall call) {
        String page = page(call);
        var answer = call.api().put("/repo/" + enc(call.path("id")), fields("repoAiLlms", attachments(call)));
        return ConsoleReply.after(answer, page, "Configurations updated.");
    }

    private ConsoleReply delete(ConsoleCall call) {
        var answer = call.api().delete("/repo/" + enc(call.path("id")));
        return answer.ok() ? ConsoleReply.redirect("/ui/w/" + call.path("ws") + "/repos", true, "Repository deleted.")
                : ConsoleReply.redirect(page(call), false, answer.message());
    }

    /** htmx: the new key with its secret, shown this once. */
    private ConsoleReply createKey(ConsoleCall call) {
        var answer = call.api().post("/repo/" + enc(call.path("id")) + "/ai/apikey", fields("name", call.form("name")));
        return call.fragment("key-created", "answer", answer.json(), "ok", answer.ok());
    }

    private ConsoleReply renameKey(ConsoleCall call) {
        var answer = call.api().put("/repo/" + enc(call.path("id")) + "/ai/apikey/" + enc(call.path("key")),
                fields("name", call.form("name")));
        return ConsoleReply.after(answer, page(call), "Key renamed.");
    }

    private ConsoleReply revokeKey(ConsoleCall call) {
        var answer = call.api().delete("/repo/" + enc(call.path("id")) + "/ai/apikey/" + enc(call.path("key")));
        return ConsoleReply.after(answer, page(call), "Key revoked. Requests with it now fail on every node.");
    }

    private static String page(ConsoleCall call) {
        return "/ui/w/" + call.path("ws") + "/repos/" + call.path("id");
    }

    private static List<Map<String, Object>> attachments(ConsoleCall call) {
        return call.formAll("aiLlmId").stream().filter(s -> !s.isBlank()).map(id -> Map.<String, Object>of("aiLlmId", id)).toList();
    }
}
