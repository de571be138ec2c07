package io.gatehouse.console;

import io.gatehouse.console.view.KeyCreated;
import io.gatehouse.console.view.Model;
import io.gatehouse.console.view.Repo;
import io.gatehouse.console.view.RepoKey;

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
        return call.page("repos", frame, "repos", repos(call, ws), "configs", ConfigurationPages.configurations(call, ws));
    }

    /** The repositories of a workspace (the first hundred). */
    static List<Repo> repos(ConsoleCall call, String ws) {
        return call.api().read("/repo", Map.of("workspaceId", ws, "take", "100")).list("repos", Repo.class);
    }

    private ConsoleReply create(ConsoleCall call) {
        String base = "/ui/w/" + call.path("ws") + "/repos";
        var answer = call.api().post("/repo", fields("name", call.form("name"), "workspaceId", call.path("ws"),
                "repoAiLlms", attachments(call)));
        return answer.ok()
                ? ConsoleReply.redirect(base + "/" + answer.field("repoId", String.class), true, "Repository created.")
                : ConsoleReply.redirect(base, false, answer.message());
    }

    private ConsoleReply show(ConsoleCall call) {
        Frame frame = call.frame("repos");
        String id = call.path("id");
        Repo repo = repo(call, id);
        ConfigurationPages.requireInWorkspace(repo.workspaceId(), frame);
        var models = call.api().post("/ai/models", Map.of("repoId", id));
        return call.page("repo", frame, "repo", repo, "configs", ConfigurationPages.configurations(call, frame.workspace().id()),
                "keys", keys(call, id), "models", models.ok() ? models.list("models", Model.class) : List.of());
    }

    static Repo repo(ConsoleCall call, String id) {
        return call.api().read("/repo/" + enc(id)).field("repo", Repo.class);
    }

    /** A repository's live keys (the first hundred), masked. */
    static List<RepoKey> keys(ConsoleCall call, String repoId) {
        return call.api().read("/repo/" + enc(repoId) + "/ai/apikey", Map.of("take", "100")).list("apiKeys", RepoKey.class);
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

    /**
     * htmx: the new key with its secret, shown this once, and the keys table as it now stands (swapped out of band,
     * so the page lists the new key without a reload that would lose the secret); or why there is none.
     */
    private ConsoleReply createKey(ConsoleCall call) {
        String id = call.path("id");
        var answer = call.api().post("/repo/" + enc(id) + "/ai/apikey", fields("name", call.form("name")));
        if (!answer.ok()) {
            return call.fragment("key-created", "frame", call.frame("repos"), "repoId", id, "created", null,
                    "error", answer.message(), "keys", List.of());
        }
        KeyCreated created = answer.as(KeyCreated.class);
        // "Try it" on this page may use the new key without it being pasted back: kept sealed in the session.
        var tryKey = new ConsoleSession.TryKey(id, created.apiKey().id(), created.apiKey().name(), created.secret());
        return call.fragment("key-created", "frame", call.frame("repos"), "repoId", id, "created", created,
                "error", null, "keys", keys(call, id)).changingSession(s -> s.withTryKey(tryKey));
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
