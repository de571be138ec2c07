package io.gatehouse.console;

import io.gatehouse.console.view.Member;
import io.gatehouse.console.view.Person;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.gatehouse.console.PlatformClient.enc;
import static io.gatehouse.console.PlatformClient.fields;

/**
 * A workspace and its people: rename and delete it, create another, and its members with their roles (added,
 * changed and removed by the workspace's admins).
 */
final class WorkspacePages {
    static final List<String> ROLES = List.of("READ", "WRITE", "ADMIN");

    void register(ConsoleRoutes routes) {
        routes.action("/ui/workspaces", this::create);
        routes.page("/ui/w/:ws/members", this::members);
        routes.action("/ui/w/:ws/rename", this::rename);
        routes.action("/ui/w/:ws/delete", this::delete);
        routes.action("/ui/w/:ws/members", this::addMember);
        routes.action("/ui/w/:ws/members/invite", this::invite);
        routes.action("/ui/w/:ws/members/:user", this::changeMember);
        routes.action("/ui/w/:ws/members/:user/remove", this::removeMember);
    }

    /** The members; for the workspace's admins also the organization's users who could be added. */
    private ConsoleReply members(ConsoleCall call) {
        Frame frame = call.frame("members");
        List<Member> members = call.api().read("/workspace/" + enc(frame.workspace().id()) + "/users").list("users", Member.class);
        List<Person> candidates = List.of();
        if (frame.canAdmin()) {
            Set<String> in = members.stream().map(Member::userId).collect(Collectors.toSet());
            candidates = call.api().read("/organization/users", Map.of("take", "100")).list("data", Person.class).stream()
                    .filter(u -> !in.contains(u.id())).toList();
        }
        return call.page("members", frame, "members", members, "candidates", candidates, "roles", ROLES);
    }

    private ConsoleReply addMember(ConsoleCall call) {
        var answer = call.api().post("/workspace/" + enc(call.path("ws")) + "/users",
                fields("userId", call.form("userId"), "role", call.form("role")));
        return ConsoleReply.after(answer, page(call), "Member added.");
    }

    /**
     * htmx: creates an account for someone new (the API makes its one-time password), adds it to this workspace with
     * the chosen role, and answers with the password, shown this once, and the members as they now stand.
     */
    private ConsoleReply invite(ConsoleCall call) {
        Frame frame = call.frame("members");
        String ws = frame.workspace().id();
        var created = call.api().post("/organization/users", fields("email", call.form("email"), "name", call.form("name"),
                "lastName", call.form("lastName")));
        if (!created.ok()) {
            return invited(call, frame, null, created.message());
        }
        String userId = created.json().path("data").path("id").asText();
        var added = call.api().post("/workspace/" + enc(ws) + "/users", fields("userId", userId, "role", call.form("role")));
        // The account exists either way: its password is shown even when adding it to the workspace failed.
        return invited(call, frame, created.json().path("password").asText(),
                added.ok() ? null : "The account was created but not added to this workspace: " + added.message());
    }

    private ConsoleReply invited(ConsoleCall call, Frame frame, String password, String error) {
        List<Member> members = password == null ? List.of()
                : call.api().read("/workspace/" + enc(frame.workspace().id()) + "/users").list("users", Member.class);
        return call.fragment("member-invited", "frame", frame, "email", call.form("email"), "password", password,
                "error", error, "members", members, "roles", ROLES);
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

    private ConsoleReply create(ConsoleCall call) {
        var answer = call.api().post("/workspace", fields("name", call.form("name")));
        String from = call.form("from").matches("[0-9a-f-]{36}") ? "/ui/w/" + call.form("from") + "/members" : "/ui/";
        return answer.ok()
                ? ConsoleReply.redirect("/ui/w/" + answer.field("workspace", Frame.WorkspaceChoice.class).id() + "/members", true, "Workspace created.")
                : ConsoleReply.redirect(from, false, answer.message());
    }

    private ConsoleReply rename(ConsoleCall call) {
        var answer = call.api().put("/workspace/" + enc(call.path("ws")), fields("name", call.form("name")));
        return ConsoleReply.after(answer, page(call), "Workspace renamed.");
    }

    private ConsoleReply delete(ConsoleCall call) {
        var answer = call.api().delete("/workspace/" + enc(call.path("ws")));
        return answer.ok() ? ConsoleReply.redirect("/ui/", true, "Workspace deleted.")
                : ConsoleReply.redirect(page(call), false, answer.message());
    }
}
