package io.gatehouse.platform.repo;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.model.Repo;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.gatehouse.testing.PlatformCalls.aiLlm;
import static io.gatehouse.testing.PlatformCalls.member;
import static io.gatehouse.testing.PlatformCalls.repo;
import static io.gatehouse.testing.PlatformCalls.validate;
import static io.gatehouse.testing.PlatformCalls.workspace;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /repo} with attached configurations, and {@code POST /ai/models}. */
@Tag("db")
class RepoResourceTest {
    static TestServer server;
    static Session owner;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.owner();
        api = owner.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> attachedIds(JsonNode repo) {
        List<String> out = new ArrayList<>();
        repo.path("aiLlms").forEach(a -> out.add(a.path("aiLlmId").asText()));
        return out;
    }

    @Test
    void repositoriesAttachConfigurationsOfTheirWorkspaceInOrder() {
        String ws = workspace(api, "repo-ws");
        String first = aiLlm(api, ws, "first", "OPENAI", null, "sk-first-0123456789");
        String second = aiLlm(api, ws, "second", "ANTHROPIC", null, "sk-ant-second-0123456789");
        HttpResult created = api.post("/repo", Map.of("name", "app", "workspaceId", ws,
                "repoAiLlms", List.of(Map.of("aiLlmId", second), Map.of("aiLlmId", first), Map.of("aiLlmId", second))));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String id = created.text("repoId");
        JsonNode repo = api.get("/repo/" + id).json().path("repo");
        assertThat(repo.path("name").asText()).isEqualTo("app");
        assertThat(repo.path("workspaceId").asText()).isEqualTo(ws);
        assertThat(repo.path("disabled").asBoolean()).isFalse();
        assertThat(attachedIds(repo)).containsExactly(second, first);
        assertThat(repo.path("aiLlms").get(0).path("aiLlm").path("name").asText()).isEqualTo("second");
        assertThat(repo.toString()).doesNotContain("sk-");

        JsonNode listed = api.get("/repo?workspaceId=" + ws).json();
        assertThat(listed.path("repos")).hasSize(1);
        assertThat(api.get("/repo?repoId=" + id).json().path("repos").get(0).path("id").asText()).isEqualTo(id);

        JsonNode updated = api.put("/repo/" + id, Map.of("name", "app-2", "disabled", true,
                "repoAiLlms", List.of(Map.of("aiLlmId", first)))).json().path("repo");
        assertThat(updated.path("name").asText()).isEqualTo("app-2");
        assertThat(updated.path("disabled").asBoolean()).isTrue();
        assertThat(attachedIds(updated)).containsExactly(first);
        assertThat(api.get("/ai/llm/" + second).json().path("aiLlm").path("repos")).isEmpty();
        assertThat(api.put("/repo/" + id, Map.of("repoAiLlms", List.of())).json().path("repo").path("aiLlms")).isEmpty();

        JsonNode events = api.get("/systemevent?context=repo&contextId=" + id).json().path("events");
        assertThat(events.findValuesAsText("event")).containsExactly("updated", "updated", "created");
    }

    @Test
    void attachingAnotherWorkspacesOrUnknownConfigurationAnswers404() {
        String ws = workspace(api, "attach-ws");
        String otherWs = workspace(api, "attach-other-ws");
        String foreign = aiLlm(api, otherWs, "foreign", "OPENAI", null, "sk-foreign-0123456789");
        String mine = aiLlm(api, ws, "mine", "OPENAI", null, "sk-mine-0123456789");
        assertThat(api.post("/repo", Map.of("name", "x", "workspaceId", ws, "repoAiLlms", List.of(Map.of("aiLlmId", foreign)))).status())
                .isEqualTo(404);
        assertThat(api.post("/repo", Map.of("name", "x", "workspaceId", ws, "repoAiLlms", List.of(Map.of("aiLlmId", UUID.randomUUID().toString()))))
                .status()).isEqualTo(404);
        String id = repo(api, ws, "x", mine);
        HttpResult r = api.put("/repo/" + id, Map.of("repoAiLlms", List.of(Map.of("aiLlmId", mine), Map.of("aiLlmId", foreign))));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text("message")).isEqualTo("AI LLM configuration not found");
        assertThat(attachedIds(api.get("/repo/" + id).json().path("repo"))).containsExactly(mine);
        assertThat(api.post("/repo", Map.of("name", "y", "workspaceId", ws, "repoAiLlms", List.of(Map.of("other", "z")))).status())
                .isEqualTo(400);
    }

    @Test
    void namesAreUniquePerWorkspaceAndInputIsChecked() {
        String ws = workspace(api, "names-ws");
        repo(api, ws, "unique");
        assertThat(api.post("/repo", Map.of("name", "Unique", "workspaceId", ws)).status()).isEqualTo(409);
        repo(api, workspace(api, "names-ws-2"), "unique");
        assertThat(api.post("/repo", Map.of("workspaceId", ws)).status()).isEqualTo(400);
        assertThat(api.post("/repo", Map.of("name", "z", "workspaceId", UUID.randomUUID().toString())).status()).isEqualTo(404);
        assertThat(api.get("/repo/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.get("/repo?repoId=nonsense").status()).isEqualTo(404);
        String other = repo(api, ws, "other");
        assertThat(api.put("/repo/" + other, Map.of("name", "unique")).status()).isEqualTo(409);
    }

    @Test
    void rolesAndTenantsAreRespected() {
        String ws = workspace(api, "repo-roles-ws");
        Session reader = server.createUser(owner, 0);
        Session writer = server.createUser(owner, 0);
        member(api, ws, reader.userId(), "READ");
        member(api, ws, writer.userId(), "WRITE");
        assertThat(reader.api().post("/repo", Map.of("name", "r", "workspaceId", ws)).status()).isEqualTo(403);
        String id = repo(writer.api(), ws, "w");
        assertThat(reader.api().get("/repo/" + id).status()).isEqualTo(200);
        assertThat(reader.api().put("/repo/" + id, Map.of("name", "r2")).status()).isEqualTo(403);
        assertThat(writer.api().delete("/repo/" + id).status()).isEqualTo(403);

        Session stranger = server.registerOrganization("Repo Strangers");
        assertThat(stranger.api().get("/repo/" + id).status()).isEqualTo(404);
        assertThat(stranger.api().put("/repo/" + id, Map.of("name", "mine")).status()).isEqualTo(404);
        assertThat(stranger.api().delete("/repo/" + id).status()).isEqualTo(404);
        assertThat(stranger.api().post("/ai/models", Map.of("repoId", id)).status()).isEqualTo(404);
        assertThat(stranger.api().get("/repo").body()).doesNotContain(id);
        Session outsider = server.createUser(owner, 0);
        assertThat(outsider.api().get("/repo/" + id).status()).isEqualTo(404);
        assertThat(outsider.api().get("/repo").json().path("repos")).isEmpty();

        assertThat(api.delete("/repo/" + id).status()).isEqualTo(200);
        assertThat(reader.api().get("/repo/" + id).status()).isEqualTo(404);
    }

    @Test
    void modelsAreThoseOfTheValidatedAttachedConfigurations() {
        String ws = workspace(api, "models-ws");
        try (FakeOpenAi openAi = new FakeOpenAi("sk-models-0123456789"); FakeAnthropic anthropic = new FakeAnthropic("sk-ant-models-0123")) {
            String gpt = aiLlm(api, ws, "gpt", "OPENAI", openAi.endpoint(), "sk-models-0123456789");
            String claude = aiLlm(api, ws, "claude", "ANTHROPIC", anthropic.endpoint(), "sk-ant-models-0123");
            String unvalidated = aiLlm(api, ws, "later", "OPENAI", openAi.endpoint(), "sk-models-0123456789");
            validate(api, gpt);
            validate(api, claude);
            String id = repo(api, ws, "router", claude, gpt, unvalidated);
            JsonNode models = api.post("/ai/models", Map.of("repoId", id)).json().path("models");
            List<String> names = new ArrayList<>();
            models.forEach(m -> names.add(m.path("llmProvider").asText() + "/" + m.path("id").asText()));
            assertThat(names).containsExactly("claude/claude-haiku-4-5", "claude/claude-opus-4-1", "claude/claude-sonnet-4-5",
                    "gpt/gpt-4o", "gpt/gpt-4o-mini", "gpt/text-embedding-3-small");
            JsonNode first = models.get(0);
            assertThat(first.path("aiType").asText()).isEqualTo("ANTHROPIC");
            assertThat(first.path("name").asText()).isEqualTo("Claude Haiku 4.5");
            assertThat(first.path("aiLlmId").asText()).isEqualTo(claude);
            assertThat(api.post("/ai/models", Map.of("repoId", id, "aiType", "OPENAI")).json().path("models")).hasSize(3);
            assertThat(api.post("/ai/models", Map.of("repoId", id, "aiType", "SOMETHING")).status()).isEqualTo(400);
            assertThat(api.post("/ai/models", Map.of()).status()).isEqualTo(400);
        }
    }
}
