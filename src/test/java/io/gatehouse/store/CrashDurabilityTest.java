package io.gatehouse.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.ServeProcess;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestDatabase;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} loses nothing that was acknowledged: a real {@code gatehouse serve} process takes control-plane
 * changes (repositories and keys created, a key revoked, a user created and one deleted, a member's role changed)
 * and gateway requests that an alerting policy flags, is killed with SIGKILL right after the answers (150 ms after
 * the last gateway answer on the embedded store, the promised window of the usage and policy-event writers; see
 * {@link #window} for PostgreSQL), and after every restart each acknowledged change and every answered request's
 * usage record, violation and alert is there. One round restarts a node only to kill it while idle right after it
 * became ready.
 */
@Tag("fault")
@Tag("db")
class CrashDurabilityTest {
    private static final String PASSWORD = "crash-password-1";
    private static final String PROVIDER_SECRET = "sk-crash-test-0123456789";
    private static final int ROUNDS = 5;
    private static final int REQUESTS_PER_ROUND = 5;
    private static final List<String> ROLES = List.of("WRITE", "ADMIN", "READ");

    /** What the nodes acknowledged so far, and so what every later start must show. */
    private static final class Acknowledged {
        String workspace;
        String trafficRepo;
        String member;
        final Set<String> repos = new LinkedHashSet<>();
        final Set<String> liveKeys = new LinkedHashSet<>();
        final Set<String> revokedKeys = new LinkedHashSet<>();
        final Set<String> users = new LinkedHashSet<>();
        final Set<String> deletedUsers = new LinkedHashSet<>();
        String memberRole;
        long answeredRequests;
        long changes;
    }

    @Test
    void everyAcknowledgedChangeSurvivesKillDashNine() throws Exception {
        try (TestDatabase db = TestDatabase.create(); FakeOpenAi provider = new FakeOpenAi(PROVIDER_SECRET)) {
            Acknowledged acked = new Acknowledged();
            String appKey;
            try (ServeProcess node = start(db)) {
                appKey = setUp(node, provider, acked);
                node.kill();
            }
            for (int round = 1; round <= ROUNDS; round++) {
                try (ServeProcess node = start(db)) {
                    assertNothingLost(node, db, acked, "before round " + round);
                    change(node, acked, round);
                    serve(node, appKey, acked);
                    // The writers' window: a request answered this long before the kill has its rows committed.
                    Thread.sleep(window(db).toMillis());
                    node.kill();
                }
                if (round == 2) {
                    try (ServeProcess idle = start(db)) {
                        idle.kill();
                    }
                }
            }
            try (ServeProcess node = start(db)) {
                assertNothingLost(node, db, acked, "at the end");
                node.kill();
            }
        }
    }

    /**
     * One flush interval (50 ms) plus one commit, with room: 150 ms on the embedded store, whose commits do not wait
     * for the disk. A PostgreSQL commit waits for its log to reach the disk, which on a shared CI machine has taken
     * 300 ms (the usage bench's slowest flush), so there the window is wider.
     */
    private static Duration window(TestDatabase db) {
        return db.isPostgres() ? Duration.ofMillis(500) : Duration.ofMillis(150);
    }

    private static ServeProcess start(TestDatabase db) throws Exception {
        return ServeProcess.start(db, PASSWORD, TestServer.PROVIDER_EGRESS);
    }

    /** A configuration on the fake provider, a repository using it with a key for the traffic, and a member. */
    private static String setUp(ServeProcess node, FakeOpenAi provider, Acknowledged acked) {
        Api owner = node.owner(PASSWORD);
        acked.workspace = owner.get("/workspace").json().path("workspaces").get(0).path("id").asText();
        String llm = ok(owner.post("/ai/llm", Map.of("name", "fake", "aiType", "OTHER", "endpoint", provider.endpoint(),
                "secret", PROVIDER_SECRET, "workspaceId", acked.workspace))).path("aiLlmId").asText();
        acked.trafficRepo = ok(owner.post("/repo", Map.of("name", "traffic", "workspaceId", acked.workspace,
                "repoAiLlms", List.of(Map.of("aiLlmId", llm))))).path("repoId").asText();
        acked.repos.add("traffic");
        JsonNode key = ok(owner.post("/repo/" + acked.trafficRepo + "/ai/apikey", Map.of("name", "traffic")));
        acked.liveKeys.add(key.path("id").asText());
        // Every request of the traffic below mentions an e-mail address: one violation and one alert each.
        ok(owner.post("/policy", Map.of("name", "no emails", "content", "Never send customer e-mail addresses to the model",
                "riskType", "MEDIUM", "actionType", 1, "workspaceId", acked.workspace, "repoId", acked.trafficRepo)));
        acked.member = createUser(owner, "member@crash.test", acked);
        ok(owner.post("/workspace/" + acked.workspace + "/users", Map.of("userId", acked.member, "role", "READ")));
        acked.memberRole = "READ";
        acked.changes += 5;
        return key.path("secret").asText();
    }

    /** One round of acknowledged control-plane changes. */
    private static void change(ServeProcess node, Acknowledged acked, int round) {
        Api owner = node.owner(PASSWORD);
        for (int i = 1; i <= 3; i++) {
            String name = "r" + round + "-" + i;
            ok(owner.post("/repo", Map.of("name", name, "workspaceId", acked.workspace)));
            acked.repos.add(name);
            acked.changes++;
        }
        String revoked = null;
        for (int i = 1; i <= 2; i++) {
            String id = ok(owner.post("/repo/" + acked.trafficRepo + "/ai/apikey", Map.of("name", "k" + round + "-" + i)))
                    .path("id").asText();
            acked.liveKeys.add(id);
            acked.changes++;
            revoked = id;
        }
        ok(owner.delete("/repo/" + acked.trafficRepo + "/ai/apikey/" + revoked));
        acked.liveKeys.remove(revoked);
        acked.revokedKeys.add(revoked);
        acked.changes++;
        String previous = acked.users.stream().filter(id -> !id.equals(acked.member)).findFirst().orElse(null);
        createUser(owner, "u" + round + "@crash.test", acked);
        if (previous != null) {
            ok(owner.delete("/organization/users/" + previous));
            acked.users.remove(previous);
            acked.deletedUsers.add(previous);
            acked.changes++;
        }
        String role = ROLES.get(round % ROLES.size());
        ok(owner.put("/workspace/" + acked.workspace + "/users/" + acked.member, Map.of("role", role)));
        acked.memberRole = role;
        acked.changes++;
    }

    private static String createUser(Api owner, String email, Acknowledged acked) {
        String id = ok(owner.post("/organization/users", Map.of("email", email, "firstName", "Crash",
                "password", "crash-member-password-1", "orgRole", 0))).path("data").path("id").asText();
        acked.users.add(id);
        acked.changes++;
        return id;
    }

    /** Chat completions through the gateway; each one answered must leave a usage record, a violation and an alert. */
    private static void serve(ServeProcess node, String appKey, Acknowledged acked) {
        Api apps = node.gateway().as(appKey);
        for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
            HttpResult chat = apps.post("/v1/chat/completions", Map.of("model", "gpt-4o",
                    "messages", List.of(Map.of("role", "user", "content", "write to jane.doe@example.com"))));
            assertThat(chat.status()).as(chat.toString()).isEqualTo(200);
            acked.answeredRequests++;
        }
    }

    private static void assertNothingLost(ServeProcess node, TestDatabase db, Acknowledged acked, String when) throws Exception {
        List<String> lost = missing(node, db, acked, when);
        if (!lost.isEmpty()) {
            // What the killed nodes said is the first thing to read when this fails.
            try (var logs = Files.list(db.dataDir())) {
                for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("serve-")).sorted().toList()) {
                    System.out.println("==== " + log.getFileName() + "\n" + Files.readString(log));
                }
            }
        }
        assertThat(lost)
                .as("%s, of %d acknowledged changes and %d answered gateway requests, lost", when, acked.changes, acked.answeredRequests)
                .isEmpty();
    }

    /** What the restarted node no longer shows of what was acknowledged. */
    private static List<String> missing(ServeProcess node, TestDatabase db, Acknowledged acked, String when) throws Exception {
        Api owner = node.owner(PASSWORD);
        List<String> lost = new ArrayList<>();
        Set<String> repos = names(owner.get("/repo?workspaceId=" + acked.workspace + "&take=100").json().path("repos"), "name");
        for (String repo : acked.repos) {
            if (!repos.contains(repo)) {
                lost.add(when + ": repository " + repo);
            }
        }
        Set<String> keys = names(owner.get("/repo/" + acked.trafficRepo + "/ai/apikey?take=100").json().path("apiKeys"), "id");
        for (String key : acked.liveKeys) {
            if (!keys.contains(key)) {
                lost.add(when + ": key " + key);
            }
        }
        for (String key : acked.revokedKeys) {
            if (keys.contains(key)) {
                lost.add(when + ": revocation of key " + key);
            }
        }
        Set<String> users = names(owner.get("/organization/users?take=100").json().path("data"), "id");
        for (String user : acked.users) {
            if (!users.contains(user)) {
                lost.add(when + ": user " + user);
            }
        }
        for (String user : acked.deletedUsers) {
            if (users.contains(user)) {
                lost.add(when + ": deletion of user " + user);
            }
        }
        String role = owner.get("/workspace/" + acked.workspace + "/users/" + acked.member).json().path("user").path("role").asText();
        if (!role.equals(acked.memberRole)) {
            lost.add(when + ": member role " + acked.memberRole + " (found " + role + ")");
        }
        for (String table : List.of("usage_event", "policy_violation", "policy_alert")) {
            long rows = rows(db, table);
            if (rows != acked.answeredRequests) {
                lost.add(when + ": " + table + " rows of " + (acked.answeredRequests - rows) + " of "
                        + acked.answeredRequests + " answered requests");
            }
        }
        return lost;
    }

    private static long rows(TestDatabase db, String table) throws Exception {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> names(JsonNode items, String field) {
        Set<String> names = new HashSet<>();
        items.forEach(item -> names.add(item.path(field).asText()));
        return names;
    }

    private static JsonNode ok(HttpResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.json().path("success").asBoolean()).as(result.toString()).isTrue();
        return result.json();
    }
}
