package io.gatehouse.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every change lands in the audit log; no password or token secret appears anywhere after creation. */
@Tag("db")
class AuditAndSecretsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void changesAreRecordedAndFilterable() {
        Session owner = server.owner();
        String ws = owner.api().post("/workspace", Map.of("name", "audited")).json().path("workspace").path("id").asText();
        owner.api().put("/workspace/" + ws, Map.of("name", "audited-renamed"));
        Session user = server.createUser(owner, 0);
        owner.api().post("/workspace/" + ws + "/users", Map.of("userId", user.userId(), "role", "READ"));
        owner.api().delete("/workspace/" + ws + "/users/" + user.userId());
        owner.api().delete("/workspace/" + ws);

        JsonNode events = owner.api().get("/systemevent?contextId=" + ws).json();
        assertThat(events.path("success").asBoolean()).isTrue();
        assertThat(events.path("events").findValuesAsText("event")).containsExactly("deleted", "updated", "created");
        JsonNode created = events.path("events").get(2);
        assertThat(created.path("context").asText()).isEqualTo("workspace");
        assertThat(created.path("userId").asText()).isEqualTo(owner.userId());
        assertThat(created.path("details").path("name").asText()).isEqualTo("audited");
        assertThat(created.path("timestamp").asText()).endsWith("Z");

        JsonNode memberEvents = owner.api().get("/systemevent?context=workspaceuser&workspaceId=" + ws).json().path("events");
        assertThat(memberEvents.findValuesAsText("event")).containsExactly("deleted", "created");
        assertThat(owner.api().get("/systemevent?event=login&userId=" + user.userId()).json().path("total").asLong()).isEqualTo(1);
        assertThat(owner.api().get("/systemevent?from_timestamp=2999-01-01T00:00:00Z").json().path("total").asLong()).isZero();
    }

    @Test
    void plainMembersSeeTheirWorkspacesEventsOnly() {
        Session owner = server.owner();
        String mine = owner.api().post("/workspace", Map.of("name", "members-ws")).json().path("workspace").path("id").asText();
        String other = owner.api().post("/workspace", Map.of("name", "not-mine-ws")).json().path("workspace").path("id").asText();
        Session user = server.createUser(owner, 0);
        owner.api().post("/workspace/" + mine + "/users", Map.of("userId", user.userId(), "role", "READ"));
        String body = user.api().get("/systemevent?take=100").body();
        assertThat(body).contains(mine).doesNotContain(other);
    }

    @Test
    void secretsNeverAppearAfterCreation() throws Exception {
        Session owner = server.owner();
        List<String> secrets = new ArrayList<>();
        secrets.add(TestServer.OWNER_PASSWORD);
        secrets.add(TestServer.PASSWORD);
        HttpResult token = owner.api().post("/user/tokens", Map.of("name", "automation"));
        secrets.add(token.text("token"));
        HttpResult login = server.admin().post("/user/login", Map.of("email", TestServer.OWNER_EMAIL, "password", TestServer.OWNER_PASSWORD));
        secrets.add(login.text("refreshToken"));
        HttpResult invited = owner.api().post("/organization/users", Map.of("email", "generated@gatehouse.test", "firstName", "Gen"));
        secrets.add(invited.text("password"));
        Session user = server.createUser(owner, 0);
        user.api().put("/user/" + user.userId(), Map.of("password", "another-long-password-1", "currentPassword", TestServer.PASSWORD));
        secrets.add("another-long-password-1");

        // Read back everything the API lists.
        List<String> bodies = List.of(
                owner.api().get("/user/tokens").body(),
                owner.api().get("/user/profile").body(),
                owner.api().get("/organization/users?take=100").body(),
                owner.api().get("/organization/" + owner.orgId()).body(),
                owner.api().get("/workspace?take=100").body(),
                owner.api().get("/systemevent?take=100").body());
        String stored = dumpDatabase();
        for (String secret : secrets) {
            assertThat(bodies).allSatisfy(b -> assertThat(b).doesNotContain(secret));
            assertThat(CapturedLogs.all()).doesNotContain(secret);
            assertThat(stored).doesNotContain(secret);
        }
        assertThat(server.consoleOutput()).doesNotContain(TestServer.OWNER_PASSWORD);
    }

    /** Every text value in every table, to prove secrets are kept only as hashes. */
    private static String dumpDatabase() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = server.database().connect()) {
            for (String table : List.of("organization", "app_user", "workspace", "workspace_member", "user_session",
                    "management_token", "system_event", "server_secret")) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            all.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        return all.toString();
    }
}
