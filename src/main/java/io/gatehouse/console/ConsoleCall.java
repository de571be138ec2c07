package io.gatehouse.console;

import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One console request being handled: the signed-in session, the Platform API as that user, inputs, rendering. */
final class ConsoleCall {
    private final RoutingContext ctx;
    private final ConsoleSession session;
    private final PlatformClient.As api;
    private final Views views;

    ConsoleCall(RoutingContext ctx, ConsoleSession session, PlatformClient.As api, Views views) {
        this.ctx = ctx;
        this.session = session;
        this.api = api;
        this.views = views;
    }

    ConsoleSession session() {
        return session;
    }

    PlatformClient.As api() {
        return api;
    }

    String path(String name) {
        return ctx.pathParam(name);
    }

    /** A query parameter, trimmed; empty when absent. */
    String query(String name) {
        String value = ctx.queryParams().get(name);
        return value == null ? "" : value.trim();
    }

    /** A form field, trimmed; empty when absent. */
    String form(String name) {
        String value = ctx.request().formAttributes().get(name);
        return value == null ? "" : value.trim();
    }

    /** A form field left as typed (passwords and secrets keep their spaces); null when absent or empty. */
    String formRaw(String name) {
        String value = ctx.request().formAttributes().get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    List<String> formAll(String name) {
        return ctx.request().formAttributes().getAll(name);
    }

    /** The frame of a page in the workspace named by the path ({@code /ui/w/{ws}/…}); 404 when not one of the user's. */
    Frame frame(String section) {
        List<Frame.WorkspaceChoice> workspaces = workspaces();
        String wanted = path("ws");
        Frame.WorkspaceChoice current = workspaces.stream().filter(w -> w.id().equals(wanted)).findFirst()
                .orElseThrow(() -> new ConsoleFailure(404, "Workspace not found"));
        ConsoleSession.Flash flash = session.flash();
        return new Frame(section, session, workspaces, current, flash != null && flash.ok() ? flash.message() : null,
                flash != null && !flash.ok() ? flash.message() : null);
    }

    List<Frame.WorkspaceChoice> workspaces() {
        return api.read("/workspace", Map.of("take", "100")).list("workspaces", Frame.WorkspaceChoice.class);
    }

    /**
     * A whole page: the template gets {@code frame} and the given parameters. A key kept for "try it" is dropped: it
     * serves only the page it was created on, until that page is left or reloaded.
     */
    ConsoleReply page(String template, Frame frame, Object... params) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("frame", frame);
        for (int i = 0; i < params.length; i += 2) {
            all.put((String) params[i], params[i + 1]);
        }
        ConsoleReply reply = ConsoleReply.html(views.render(template, all));
        return session.tryKey() == null ? reply : reply.changingSession(s -> s.withTryKey(null));
    }

    /** A fragment for htmx. */
    ConsoleReply fragment(String template, Object... params) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            all.put((String) params[i], params[i + 1]);
        }
        return ConsoleReply.html(views.render(template, all));
    }
}
