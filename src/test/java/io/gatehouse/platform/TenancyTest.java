package io.gatehouse.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two organizations on one installation, and the workspace roles inside one. */
@Tag("db")
class TenancyTest {
    static TestServer server;
    static Session ownerA;
    static Session ownerB;
    static String workspaceB;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ownerA = server.owner();
        ownerB = server.registerOrganization("Beta Corp");
        workspaceB = ownerB.api().post("/workspace", Map.of("name", "beta-private")).json().path("workspace").path("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String newWorkspace(Session as, String name) {
        HttpResult r = as.api().post("/workspace", Map.of("name", name));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("workspace").path("id").asText();
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("id").asText()));
        return out;
    }

    @Test
    void anotherTenantsObjectsAnswer404() {
        assertThat(ownerA.api().get("/workspace/" + workspaceB).status()).isEqualTo(404);
        assertThat(ownerA.api().put("/workspace/" + workspaceB, Map.of("name", "hijacked")).status()).isEqualTo(404);
        assertThat(ownerA.api().delete("/workspace/" + workspaceB).status()).isEqualTo(404);
        assertThat(ownerA.api().get("/workspace/" + workspaceB + "/users").status()).isEqualTo(404);
        assertThat(ownerA.api().post("/workspace/" + workspaceB + "/users", Map.of("userId", ownerA.userId(), "role", "ADMIN")).status()).isEqualTo(404);
        assertThat(ownerA.api().get("/organization/" + ownerB.orgId()).status()).isEqualTo(404);
        assertThat(ownerA.api().get("/organization/users/" + ownerB.userId()).status()).isEqualTo(404);
        assertThat(ownerA.api().put("/organization/users/" + ownerB.userId(), Map.of("orgRole", 0)).status()).isEqualTo(404);
        assertThat(ownerA.api().delete("/organization/users/" + ownerB.userId()).status()).isEqualTo(404);

        assertThat(ids(ownerA.api().get("/workspace").json().path("workspaces"))).doesNotContain(workspaceB);
        assertThat(ownerA.api().get("/organization/users").body()).doesNotContain(ownerB.email());
        assertThat(ownerA.api().get("/systemevent").body()).doesNotContain(workspaceB).doesNotContain(ownerB.orgId());
        // Nor can another tenant's user be made a member of one's own workspace.
        String wsA = newWorkspace(ownerA, "alpha-team");
        assertThat(ownerA.api().post("/workspace/" + wsA + "/users", Map.of("userId", ownerB.userId(), "role", "READ")).status()).isEqualTo(404);
        assertThat(ownerB.api().get("/workspace/" + wsA).status()).isEqualTo(404);
    }

    @Test
    void aPlainUserSeesOnlyTheWorkspacesItIsAMemberOf() {
        String shared = newWorkspace(ownerA, "shared-ws");
        String hidden = newWorkspace(ownerA, "hidden-ws");
        Session user = server.createUser(ownerA, 0);
        assertThat(ownerA.api().post("/workspace/" + shared + "/users", Map.of("userId", user.userId(), "role", "READ")).status()).isEqualTo(200);

        assertThat(ids(user.api().get("/workspace").json().path("workspaces"))).containsExactly(shared);
        assertThat(user.api().get("/workspace/" + hidden).status()).isEqualTo(404);
        assertThat(user.api().get("/organization/" + ownerA.orgId()).status()).isEqualTo(200);
        assertThat(user.api().get("/organization/" + ownerB.orgId()).status()).isEqualTo(404);
    }

    @Test
    void readCannotChangeWriteCannotDeleteOnlyAdminManagesMembers() {
        String ws = newWorkspace(ownerA, "roles-ws");
        Session reader = server.createUser(ownerA, 0);
        Session writer = server.createUser(ownerA, 0);
        Session admin = server.createUser(ownerA, 0);
        Session outsider = server.createUser(ownerA, 0);
        ownerA.api().post("/workspace/" + ws + "/users", Map.of("userId", reader.userId(), "role", "READ"));
        ownerA.api().post("/workspace/" + ws + "/users", Map.of("userId", writer.userId(), "accessType", "WRITE"));
        ownerA.api().post("/workspace/" + ws + "/users", Map.of("userId", admin.userId(), "role", "ADMIN"));

        // READ lists but cannot change.
        assertThat(reader.api().get("/workspace/" + ws).status()).isEqualTo(200);
        assertThat(reader.api().get("/workspace/" + ws + "/users").status()).isEqualTo(200);
        assertThat(reader.api().put("/workspace/" + ws, Map.of("name", "renamed-by-reader")).status()).isEqualTo(403);

        // WRITE changes but cannot delete or manage members.
        assertThat(writer.api().put("/workspace/" + ws, Map.of("name", "renamed-by-writer")).status()).isEqualTo(200);
        assertThat(writer.api().delete("/workspace/" + ws).status()).isEqualTo(403);
        assertThat(writer.api().post("/workspace/" + ws + "/users", Map.of("userId", outsider.userId(), "role", "READ")).status()).isEqualTo(403);
        assertThat(writer.api().put("/workspace/" + ws + "/users/" + reader.userId(), Map.of("role", "ADMIN")).status()).isEqualTo(403);
        assertThat(reader.api().delete("/workspace/" + ws + "/users/" + writer.userId()).status()).isEqualTo(403);

        // ADMIN manages members and may delete.
        assertThat(admin.api().post("/workspace/" + ws + "/users", Map.of("userId", outsider.userId(), "role", "READ")).status()).isEqualTo(200);
        assertThat(admin.api().put("/workspace/" + ws + "/users/" + outsider.userId(), Map.of("role", "WRITE")).status()).isEqualTo(200);
        JsonNode members = admin.api().get("/workspace/" + ws + "/users").json().path("users");
        assertThat(members.findValuesAsText("userId")).contains(reader.userId(), writer.userId(), admin.userId(), outsider.userId());
        assertThat(admin.api().get("/workspace/" + ws + "/users/" + outsider.userId()).json().path("user").path("role").asText()).isEqualTo("WRITE");
        assertThat(admin.api().delete("/workspace/" + ws + "/users/" + outsider.userId()).status()).isEqualTo(200);
        assertThat(outsider.api().get("/workspace/" + ws).status()).isEqualTo(404);
        assertThat(admin.api().delete("/workspace/" + ws).status()).isEqualTo(200);
        assertThat(reader.api().get("/workspace/" + ws).status()).isEqualTo(404);
    }

    @Test
    void onlyManagersAndWorkspaceManagersCreateWorkspaces() {
        Session user = server.createUser(ownerA, 0);
        Session billing = server.createUser(ownerA, 1);
        Session wsManager = server.createUser(ownerA, 2);
        assertThat(user.api().post("/workspace", Map.of("name", "nope-1")).status()).isEqualTo(403);
        assertThat(billing.api().post("/workspace", Map.of("name", "nope-2")).status()).isEqualTo(403);
        HttpResult created = wsManager.api().post("/workspace", Map.of("name", "managed-by-ws-manager"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().path("workspace").path("access").asText()).isEqualTo("ADMIN");
    }

    @Test
    void organizationRolesAreGuarded() {
        Session admin = server.createUser(ownerA, 254);
        Session user = server.createUser(ownerA, 0);
        // Plain users cannot create users or change roles.
        assertThat(user.api().post("/organization/users", Map.of("email", "x@gatehouse.test", "firstName", "X")).status()).isEqualTo(403);
        assertThat(user.api().put("/organization/users/" + user.userId(), Map.of("orgRole", 254)).status()).isEqualTo(403);
        // Administrators manage users but not the owner role.
        assertThat(admin.api().put("/organization/users/" + user.userId(), Map.of("orgRole", 2)).status()).isEqualTo(200);
        assertThat(admin.api().put("/organization/users/" + user.userId(), Map.of("orgRole", 255)).status()).isEqualTo(403);
        assertThat(admin.api().delete("/organization/users/" + ownerA.userId()).status()).isEqualTo(403);
        // The last owner cannot be demoted or removed.
        assertThat(ownerA.api().put("/organization/users/" + ownerA.userId(), Map.of("orgRole", 0)).status()).isEqualTo(409);
        assertThat(ownerA.api().delete("/organization/users/" + ownerA.userId()).status()).isEqualTo(409);
        // A generated password is handed back once when none is given.
        HttpResult invited = admin.api().post("/organization/users", Map.of("email", "invitee@gatehouse.test", "firstName", "Invitee", "orgRole", 0));
        assertThat(invited.status()).isEqualTo(200);
        assertThat(server.login("invitee@gatehouse.test", invited.text("password")).orgId()).isEqualTo(ownerA.orgId());
        assertThat(admin.api().get("/organization/users").body()).doesNotContain(invited.text("password"));
        // A removed user's sessions end at once.
        Session leaving = server.createUser(ownerA, 0);
        assertThat(admin.api().delete("/organization/users/" + leaving.userId()).status()).isEqualTo(200);
        assertThat(leaving.api().get("/user/profile").status()).isEqualTo(401);
        assertThat(admin.api().get("/organization/users/" + leaving.userId()).status()).isEqualTo(404);
    }

    @Test
    void theDefaultWorkspaceStaysAndNamesAreUniquePerOrganization() {
        String def = server.defaultWorkspace(ownerA);
        assertThat(ownerA.api().delete("/workspace/" + def).status()).isEqualTo(409);
        newWorkspace(ownerA, "unique-name");
        assertThat(ownerA.api().post("/workspace", Map.of("name", "unique-name")).status()).isEqualTo(409);
        // Another organization may use the same name.
        assertThat(ownerB.api().post("/workspace", Map.of("name", "unique-name")).status()).isEqualTo(200);
    }

    @Test
    void listsArePagedNewestFirst() {
        Session owner = server.registerOrganization("Paging Inc");
        for (int i = 0; i < 5; i++) {
            assertThat(owner.api().post("/workspace", Map.of("name", "page-" + i)).status()).isEqualTo(200);
        }
        JsonNode page = owner.api().get("/workspace?skip=1&take=2").json();
        assertThat(page.path("total").asLong()).isEqualTo(6);
        assertThat(page.path("skip").asInt()).isEqualTo(1);
        assertThat(page.path("take").asInt()).isEqualTo(2);
        List<String> names = new ArrayList<>();
        page.path("workspaces").forEach(w -> names.add(w.path("name").asText()));
        assertThat(names).containsExactly("page-3", "page-2");
        assertThat(owner.api().get("/workspace?take=500").status()).isEqualTo(400);
        assertThat(owner.api().get("/workspace?skip=-1").status()).isEqualTo(400);
    }
}
