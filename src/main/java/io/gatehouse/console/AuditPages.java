package io.gatehouse.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.gatehouse.console.PlatformClient.enc;
import static io.gatehouse.console.PlatformClient.fields;

/**
 * The audit log (what was changed, by whom, filterable and paged, from {@code /systemevent}) and the members of a
 * workspace with their roles (added, changed and removed by the workspace's admins).
 */
final class AuditPages {
    static final List<String> CONTEXTS = List.of("WORKSPACE", "WORKSPACEUSER", "AILLM", "REPO", "AILLMAPIKEY", "POLICY",
            "ORGSETTINGS", "SESSION", "USER", "TOKEN", "ORG", "MASTERKEY");
    static final List<String> EVENTS = List.of("CREATED", "UPDATED", "DELETED", "VALIDATED", "ROTATED", "LOGIN");
    static final List<String> ROLES = List.of("READ", "WRITE", "ADMIN");

    void register(ConsoleRoutes routes) {
        routes.page("/ui/w/:ws/audit", this::audit);
        routes.page("/ui/w/:ws/members", this::members);
        routes.action("/ui/w/:ws/members", this::addMember);
        routes.action("/ui/w/:ws/members/:user", this::changeMember);
        routes.action("/ui/w/:ws/members/:user/remove", this::removeMember);
    }

    private ConsoleReply audit(ConsoleCall call) {
        Frame frame = call.frame("audit");
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("context", pick(call.query("context"), CONTEXTS));
        filters.put("event", pick(call.query("event"), EVENTS));
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("workspaceId", frame.workspace().id());
        query.put("skip", Pager.skipOf(call));
        query.put("take", Integer.toString(Pager.TAKE));
        JsonNode answer = call.api().read("/systemevent", query);
        return call.page("audit", frame, "events", answer.path("events"), "filters", filters,
                "contexts", CONTEXTS, "eventNames", EVENTS, "pager", Pager.of(answer, frame.base() + "/audit", filters));
    }

    private ConsoleReply members(ConsoleCall call) {
        Frame frame = call.frame("members");
        JsonNode members = call.api().read("/workspace/" + enc(frame.workspace().id()) + "/users").path("users");
        JsonNode candidates = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        if (frame.canAdmin()) {
            Set<String> in = new java.util.HashSet<>();
            members.forEach(m -> in.add(m.path("userId").asText()));
            var all = call.api().read("/organization/users", Map.of("take", "100")).path("data");
            var outside = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            all.forEach(u -> {
                if (!in.contains(u.path("id").asText())) {
                    outside.add(u);
                }
            });
            candidates = outside;
        }
        return call.page("members", frame, "members", members, "candidates", candidates, "roles", ROLES);
    }

    private ConsoleReply addMember(ConsoleCall call) {
        var answer = call.api().post("/workspace/" + enc(call.path("ws")) + "/users",
                fields("userId", call.form("userId"), "role", call.form("role")));
        return ConsoleReply.after(answer, page(call), "Member added.");
    }

    private ConsoleReply changeMember(ConsoleCall call) {
        var answer = call.api().put("/workspace/" + enc(call.path("ws")) + "/users/" + enc(call.path("user")),
                fields("role", call.form("role")));
        return ConsoleReply.after(answer, page(call), "Role changed.");
    }

    private ConsoleReply removeMember(ConsoleCall call) {
        var answer = call.api().delete("/workspace/" + enc(call.path("ws")) + "/users/" + enc(call.path("user")));
        return ConsoleReply.after(answer, page(call), "Member removed.");
    }

    private static String page(ConsoleCall call) {
        return "/ui/w/" + call.path("ws") + "/members";
    }

    /** A filter value only when it is one of the known ones (anything else is dropped, not sent on). */
    static String pick(String value, List<String> allowed) {
        return allowed.contains(value) ? value : "";
    }
}
