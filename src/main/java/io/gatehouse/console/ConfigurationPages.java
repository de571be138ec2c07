package io.gatehouse.console;

import io.gatehouse.console.view.Configuration;
import io.gatehouse.console.view.Validation;

import java.util.List;
import java.util.Map;

import static io.gatehouse.console.PlatformClient.fields;

/**
 * AI LLM configurations of a workspace: list, create, edit (a new secret rotates the old one), delete, and a
 * Validate button that shows the provider's own answer. Keys are only ever shown masked, as the API returns them;
 * the secret field is write-only and always rendered empty.
 */
final class ConfigurationPages {
    /** The provider types offered: every type the Platform API accepts. */
    static final List<String> AI_TYPES = List.of("OPENAI", "ANTHROPIC", "GOOGLE", "AWS", "OTHER");

    void register(ConsoleRoutes routes) {
        routes.page("/ui/switch", ConfigurationPages::switchWorkspace);
        routes.page("/ui/w/:ws/configurations", this::list);
        routes.action("/ui/w/:ws/configurations", this::create);
        routes.page("/ui/w/:ws/configurations/:id", this::edit);
        routes.action("/ui/w/:ws/configurations/:id", this::update);
        routes.action("/ui/w/:ws/configurations/:id/delete", this::delete);
        routes.action("/ui/w/:ws/configurations/:id/validate", this::validate);
    }

    /** The workspace switcher: the same section in the workspace chosen. */
    private static ConsoleReply switchWorkspace(ConsoleCall call) {
        String ws = call.query("ws");
        String section = call.query("section").matches("[a-z]{1,20}") ? call.query("section") : "configurations";
        boolean mine = call.workspaces().stream().anyMatch(w -> w.id().equals(ws));
        return ConsoleReply.redirect(mine ? "/ui/w/" + ws + "/" + section : "/ui/");
    }

    /** The list shows a key id column only when some configuration has a key id: it is optional and usually unset. */
    private ConsoleReply list(ConsoleCall call) {
        Frame frame = call.frame("configurations");
        List<Configuration> configs = configurations(call, frame.workspace().id());
        return call.page("configurations", frame, "configs", configs, "keyIds", configs.stream().anyMatch(Configuration::hasKey),
                "aiTypes", AI_TYPES);
    }

    /** The configurations of a workspace. */
    static List<Configuration> configurations(ConsoleCall call, String ws) {
        return call.api().read("/ai/llm", Map.of("workspaceId", ws)).list("aiLlms", Configuration.class);
    }

    private ConsoleReply create(ConsoleCall call) {
        String base = "/ui/w/" + call.path("ws") + "/configurations";
        var answer = call.api().post("/ai/llm", fields("name", call.form("name"), "aiType", call.form("aiType"),
                "endpoint", call.form("endpoint"), "secret", call.formRaw("secret"), "key", call.formRaw("key"),
                "sessionToken", call.formRaw("sessionToken"), "roleArn", call.formRaw("roleArn"),
                "externalId", call.formRaw("externalId"), "workspaceId", call.path("ws")));
        return answer.ok()
                ? ConsoleReply.redirect(base + "/" + answer.field("aiLlmId", String.class), true, "Configuration created. Validate it to load its models.")
                : ConsoleReply.redirect(base, false, answer.message());
    }

    private ConsoleReply edit(ConsoleCall call) {
        Frame frame = call.frame("configurations");
        Configuration config = configuration(call);
        requireInWorkspace(config.workspaceId(), frame);
        return call.page("configuration", frame, "config", config, "aiTypes", AI_TYPES);
    }

    /** The configuration named by the path. */
    private static Configuration configuration(ConsoleCall call) {
        return call.api().read("/ai/llm/" + PlatformClient.enc(call.path("id"))).field("aiLlm", Configuration.class);
    }

    private ConsoleReply update(ConsoleCall call) {
        String page = "/ui/w/" + call.path("ws") + "/configurations/" + call.path("id");
        var answer = call.api().put("/ai/llm/" + PlatformClient.enc(call.path("id")), fields("name", call.form("name"),
                "aiType", call.form("aiType"), "endpoint", call.form("endpoint"),
                "secret", call.formRaw("secret"), "key", call.formRaw("key"), "sessionToken", call.formRaw("sessionToken"),
                "roleArn", call.formRaw("roleArn"), "externalId", call.formRaw("externalId")));
        return ConsoleReply.after(answer, page, "Configuration saved.");
    }

    private ConsoleReply delete(ConsoleCall call) {
        String base = "/ui/w/" + call.path("ws") + "/configurations";
        var answer = call.api().delete("/ai/llm/" + PlatformClient.enc(call.path("id")));
        return answer.ok() ? ConsoleReply.redirect(base, true, "Configuration deleted.")
                : ConsoleReply.redirect(base + "/" + call.path("id"), false, answer.message());
    }

    /**
     * htmx: the provider's answer in place of the button's result area (a failed one has its message only), and the
     * configuration's facts as they now stand (status, models), swapped out of band so the page shows the truth.
     */
    private ConsoleReply validate(ConsoleCall call) {
        var answer = call.api().post("/ai/llm/" + PlatformClient.enc(call.path("id")) + "/validate", Map.of());
        return call.fragment("validation", "ok", answer.ok(),
                "validation", answer.ok() ? answer.as(Validation.class) : new Validation(answer.message(), List.of()),
                "config", configuration(call));
    }

    static void requireInWorkspace(String workspaceId, Frame frame) {
        if (!frame.workspace().id().equals(workspaceId)) {
            throw new ConsoleFailure(404, "Not found in this workspace");
        }
    }
}
