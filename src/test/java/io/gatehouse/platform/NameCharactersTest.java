package io.gatehouse.platform;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.gatehouse.testing.PlatformCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names of every Platform API object refuse control characters (NUL, ESC, line breaks, DEL, C1, bidirectional
 * overrides) with a 400 naming the field, on create and on change; emoji (with their joiners) and accents pass.
 */
@Tag("db")
class NameCharactersTest {
    static final List<String> CONTROLS = List.of("\u0000", "\u001b[31m", "\r\nforged", "\t", "\u007f", "\u0085",
            "\u009b", "\u202e", "\u2066", "\u2028", "\ufeff");
    static TestServer server;
    static Api api;
    static String workspace;
    static String llm;
    static String repo;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        api = server.owner().api();
        workspace = server.defaultWorkspace(server.owner());
        llm = PlatformCalls.aiLlm(api, workspace, "names-llm", "OPENAI", null, "sk-names-0123456789abcdef");
        repo = PlatformCalls.repo(api, workspace, "names-repo", llm);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every control character, alone and inside a name, is refused with a 400 naming {@code field}. */
    private static void refused(String field, Function<String, HttpResult> call) {
        for (String control : CONTROLS) {
            HttpResult r = call.apply("Team" + control + "name");
            assertThat(r.status()).as(field + " with U+%04X: %s", (int) control.charAt(0), r).isEqualTo(400);
            assertThat(r.json().path("success").asBoolean(true)).isFalse();
            assertThat(r.text("message")).startsWith(field + " must not contain control characters");
        }
    }

    @Test
    void workspaceConfigurationRepositoryKeyPolicyAndTokenNames() {
        String key = PlatformCalls.repoKey(api, repo, "names-key").text("id");
        String policy = PlatformCalls.policy(api, workspace, null, "names-policy", "Never share card numbers.", "LOW", 0);
        refused("name", n -> api.post("/workspace", Map.of("name", n)));
        refused("name", n -> api.put("/workspace/" + workspace, Map.of("name", n)));
        refused("name", n -> api.post("/ai/llm", Map.of("workspaceId", workspace, "name", n, "aiType", "OPENAI")));
        refused("name", n -> api.put("/ai/llm/" + llm, Map.of("name", n)));
        refused("name", n -> api.post("/repo", Map.of("workspaceId", workspace, "name", n)));
        refused("name", n -> api.put("/repo/" + repo, Map.of("name", n)));
        refused("name", n -> api.post("/repo/" + repo + "/ai/apikey", Map.of("name", n)));
        refused("name", n -> api.put("/repo/" + repo + "/ai/apikey/" + key, Map.of("name", n)));
        refused("allowedModels[]", n -> api.post("/repo/" + repo + "/ai/apikey", Map.of("name", "k2", "allowedModels", List.of(n))));
        refused("name", n -> api.post("/policy", Map.of("workspaceId", workspace, "name", n, "content", "No cards.",
                "riskType", "LOW", "actionType", 0)));
        refused("name", n -> api.put("/policy/" + policy, Map.of("name", n)));
        refused("name", n -> api.post("/user/tokens", Map.of("name", n)));
        refused("judgeModel", n -> api.put("/organization/" + server.owner().orgId() + "/settings", body("judgeAiLlmId", llm, "judgeModel", n)));
    }

    @Test
    void userAndOrganizationNames() {
        TestServer.Session owner = server.owner();
        refused("name", n -> api.put("/organization/" + owner.orgId(), Map.of("name", n)));
        refused("name", n -> api.put("/user/" + owner.userId(), Map.of("name", n)));
        refused("lastName", n -> api.put("/user/" + owner.userId(), Map.of("lastName", n)));
        refused("firstName", n -> api.post("/organization/users", Map.of("email", "x@names.test", "firstName", n)));
        refused("lastName", n -> api.post("/organization/users", Map.of("email", "x@names.test", "firstName", "X", "lastName", n)));
        refused("email", n -> api.post("/organization/users", Map.of("email", "x" + n + "@names.test", "firstName", "X")));
        String member = server.createUser(owner, 0).userId();
        refused("name", n -> api.put("/organization/users/" + member, Map.of("name", n)));
        refused("lastName", n -> api.put("/organization/users/" + member, Map.of("lastName", n)));
        refused("companyName", n -> server.admin().post("/user/register", Map.of("email", "new@names.test",
                "password", TestServer.PASSWORD, "firstName", "New", "companyName", n)));
        refused("firstName", n -> server.admin().post("/user/register", Map.of("email", "new@names.test",
                "password", TestServer.PASSWORD, "firstName", n, "companyName", "Names Inc")));
    }

    @Test
    void emojiJoinersAndAccentsAreNames() {
        String name = "Équipe 👩\u200D💻 data";
        HttpResult created = api.post("/workspace", Map.of("name", name));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("workspace").path("name").asText()).isEqualTo(name);
        HttpResult cleared = api.put("/user/" + server.owner().userId(), Map.of("lastName", ""));
        assertThat(cleared.status()).as("a last name may still be emptied: %s", cleared).isEqualTo(200);
    }
}
