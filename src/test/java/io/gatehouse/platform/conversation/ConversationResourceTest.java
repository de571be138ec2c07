package io.gatehouse.platform.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.OrgRole;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.Contract;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.PolicyWorld;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider.Recorded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /conversation}: prompts go through the repository as {@code /v1} requests (routing, policies, usage),
 * both messages are stored sealed with the history sent as context, visibility is the creator's and the workspace
 * ADMINs', deletion is soft by default. Every answer is checked against the vendor client's types.
 */
@Tag("db")
class ConversationResourceTest {
    static final String PROVIDER_KEY = "sk-fake-openai-key-0123456789";

    static TestServer server;
    static FakeOpenAi openai;
    static PolicyWorld world;
    static Api owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("usage.flush.interval", "100ms", "policy.flush.interval", "100ms"));
        openai = new FakeOpenAi(PROVIDER_KEY);
        world = PolicyWorld.create(server, openai.endpoint(), PROVIDER_KEY);
        owner = server.owner().api();
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
    }

    @BeforeEach
    void reset() {
        openai.reset();
        openai.clearRequests();
    }

    @Test
    void aConversationSendsItsHistoryThroughTheGatewayAndKeepsBothMessages() throws Exception {
        String id = create(owner, world.repo());

        HttpResult first = prompt(owner, id, "  What is the capital of France, and why is it famous?  ");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        Contract.check(first, "conversation/SendPromptResponse.json");
        assertThat(first.json().path("messages")).hasSize(2);
        assertThat(first.json().path("messages").get(1).path("content").asText()).isEqualTo(FakeOpenAi.TEXT);
        assertThat(first.json().path("title").asText()).isEqualTo("What is the capital of France, and why…");

        HttpResult second = prompt(owner, id, "And of Spain?");
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        // The second turn carries the first as context, in order.
        List<Recorded> sent = openai.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
        assertThat(sent).hasSize(2);
        JsonNode context = FakeOpenAi.json(sent.get(1)).path("messages");
        assertThat(context).hasSize(3);
        assertThat(context.get(0).path("content").asText()).isEqualTo("What is the capital of France, and why is it famous?");
        assertThat(context.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(context.get(2).path("content").asText()).isEqualTo("And of Spain?");

        HttpResult messages = owner.get("/conversation/" + id + "/messages");
        Contract.check(messages, "conversation/GetConversationMessagesResponse.json");
        assertThat(messages.json().path("messages").findValuesAsText("role")).containsExactly("user", "assistant", "user", "assistant");
        assertThat(messages.json().path("title").asText()).startsWith("What is the capital");
        assertThat(owner.get("/conversation/" + id + "/messages?take=1&skip=2").json().path("messages").get(0)
                .path("content").asText()).isEqualTo("And of Spain?");

        // Usage is recorded on the conversation's key like any /v1 request's, and counted on the conversation.
        String keyId = GatewayWorld.query(server, "SELECT key_id FROM conversation WHERE id = ?", id).getFirst().get("key_id").toString();
        assertThat(GatewayWorld.usage(server, keyId, 2)).hasSize(2);
        JsonNode listed = conversation(owner, id);
        assertThat(listed.path("tokensIn").asText()).isEqualTo("22");
        assertThat(listed.path("tokensOut").asText()).isEqualTo("14");
        assertThat(listed.path("repo").path("name").asText()).isEqualTo("app");
        assertThat(listed.path("creator").path("email").asText()).isEqualTo(TestServer.OWNER_EMAIL);
    }

    @Test
    void messagesAreSealedAtRest() throws Exception {
        String id = create(owner, world.repo());
        assertThat(prompt(owner, id, "my secret plan is pineapple").status()).isEqualTo(200);
        List<Map<String, Object>> rows = GatewayWorld.query(server,
                "SELECT content_sealed FROM conversation_message WHERE conversation_id = ?", id);
        assertThat(rows).hasSize(2);
        assertThat(rows.toString()).doesNotContain("pineapple").doesNotContain(FakeOpenAi.TEXT);
        List<Map<String, Object>> key = GatewayWorld.query(server, "SELECT key_sealed FROM conversation WHERE id = ?", id);
        assertThat(key.toString()).doesNotContain("ghk_");
    }

    @Test
    void aBlockingPolicyRefusesThePromptAsOnV1AndNothingIsStored() {
        String policy = PlatformCalls.policy(owner, world.ws(), null, "no cards here", "block credit card numbers", "HIGH", 2);
        try {
            String id = create(owner, world.repo());
            HttpResult refused = prompt(owner, id, "My card is 4111 1111 1111 1111, book it");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.json().path("success").asBoolean(true)).isFalse();
            assertThat(refused.json().path("error_code").asText()).isEqualTo("policy_blocked");
            assertThat(refused.text("message")).contains("no cards here").doesNotContain("4111");
            assertThat(openai.requests()).noneMatch(r -> r.path().endsWith("/chat/completions"));
            assertThat(owner.get("/conversation/" + id + "/messages").json().path("messages")).isEmpty();
        } finally {
            owner.delete("/policy/" + policy);
        }
    }

    @Test
    void aConversationIsSeenByItsCreatorAndTheWorkspaceAdminsOnly() {
        Session writer = member("WRITE");
        Session otherWriter = member("WRITE");
        Session admin = member("ADMIN");
        Session reader = member("READ");
        assertThat(reader.api().post("/conversation", Map.of("repoId", world.repo())).status()).isEqualTo(403);

        String id = create(writer.api(), world.repo());
        assertThat(otherWriter.api().get("/conversation/" + id + "/messages").status()).isEqualTo(404);
        assertThat(otherWriter.api().delete("/conversation/" + id).status()).isEqualTo(404);
        assertThat(ids(otherWriter.api(), "")).doesNotContain(id);
        assertThat(ids(admin.api(), "")).contains(id);
        assertThat(admin.api().get("/conversation/" + id + "/messages").status()).isEqualTo(200);
        // Administrators see it, but only its creator speaks in it.
        assertThat(prompt(admin.api(), id, "hello").status()).isEqualTo(403);
        assertThat(prompt(writer.api(), id, "hello").status()).isEqualTo(200);
        assertThat(ids(owner, "?userId=" + writer.userId())).containsExactly(id);
        assertThat(ids(owner, "?repoId=" + world.otherRepo())).doesNotContain(id);
    }

    @Test
    void deletingIsSoftByDefaultRevokesTheKeyAndHardDeleteRemovesTheRows() throws Exception {
        String id = create(owner, world.repo());
        assertThat(prompt(owner, id, "remember me").status()).isEqualTo(200);
        HttpResult deleted = owner.delete("/conversation/" + id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        Contract.check(deleted, "conversation/DeleteConversationResponse.json");

        assertThat(ids(owner, "")).doesNotContain(id);
        HttpResult withDeleted = owner.get("/conversation?showDeleted=true");
        Contract.check(withDeleted, "conversation/GetConversationsResponse.json");
        assertThat(conversation(owner, id).path("deletedAt").isTextual()).isTrue();
        assertThat(prompt(owner, id, "again").status()).isEqualTo(404);
        assertThat(owner.get("/repo/" + world.repo() + "/ai/apikey").json().path("apiKeys").findValuesAsText("name"))
                .doesNotContain("conversation " + id);
        assertThat(owner.delete("/conversation/" + id).status()).isEqualTo(404);

        assertThat(owner.delete("/conversation/" + id + "?hardDelete=true").status()).isEqualTo(200);
        assertThat(GatewayWorld.query(server, "SELECT id FROM conversation_message WHERE conversation_id = ?", id)).isEmpty();
        assertThat(GatewayWorld.query(server, "SELECT id FROM conversation WHERE id = ?", id)).isEmpty();
    }

    @Test
    void badInputIsRefusedClearly() {
        String id = create(owner, world.repo());
        assertThat(owner.post("/conversation", Map.of()).status()).isEqualTo(400);
        assertThat(owner.post("/conversation/" + id + "/prompt", Map.of("model", "gpt-4o")).text("message"))
                .contains("prompt is required");
        assertThat(owner.post("/conversation/" + id + "/prompt", Map.of("prompt", "hi", "model", "gpt-4o", "stream", "yes"))
                .text("message")).contains("stream");
        assertThat(owner.delete("/conversation/" + id + "?hardDelete=maybe").status()).isEqualTo(400);
        assertThat(owner.get("/conversation?from=yesterday").status()).isEqualTo(400);
        HttpResult unknownModel = prompt(owner, id, "hello", "no-such-model");
        assertThat(unknownModel.status()).as(unknownModel.toString()).isEqualTo(404);
        assertThat(unknownModel.json().path("error_code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void streamTrueAnswersWithServerSentEventsAndStoresTheTurn() throws Exception {
        String id = create(owner, world.repo());
        HttpResult streamed = owner.post("/conversation/" + id + "/prompt", Map.of("prompt", "Stream it", "model", "gpt-4o",
                "stream", true));
        assertThat(streamed.status()).as(streamed.toString()).isEqualTo(200);
        assertThat(streamed.header("content-type")).startsWith("text/event-stream");
        StringBuilder text = new StringBuilder();
        JsonNode done = null;
        for (String line : streamed.body().split("\n")) {
            if (line.startsWith("data: ")) {
                JsonNode event = io.gatehouse.platform.Json.MAPPER.readTree(line.substring(6));
                if (event.path("type").asText().equals("delta")) {
                    text.append(event.path("text").asText());
                } else {
                    done = event;
                }
            }
        }
        assertThat(text.toString()).isEqualTo(FakeOpenAi.TEXT);
        assertThat(done).isNotNull();
        assertThat(done.path("type").asText()).isEqualTo("done");
        Contract.check(done, "conversation/SendPromptResponse.json");
        assertThat(done.path("messages").get(1).path("content").asText()).isEqualTo(FakeOpenAi.TEXT);
        assertThat(done.path("messages").get(1).path("tokenCount").asLong()).isEqualTo(7);
        assertThat(owner.get("/conversation/" + id + "/messages").json().path("messages")).hasSize(2);

        // A refusal comes before anything is streamed: an ordinary error answer.
        String policy = PlatformCalls.policy(owner, world.ws(), null, "no cards streamed", "block credit card numbers", "HIGH", 2);
        try {
            HttpResult refused = owner.post("/conversation/" + id + "/prompt", Map.of("prompt", "card 4111 1111 1111 1111",
                    "model", "gpt-4o", "stream", true));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.json().path("error_code").asText()).isEqualTo("policy_blocked");
        } finally {
            owner.delete("/policy/" + policy);
        }
    }

    @Test
    void titlesAreTheFirstWordsOfTheFirstPrompt() {
        assertThat(Titles.of("Hello there")).isEqualTo("Hello there");
        assertThat(Titles.of(" one two  three four five six seven eight nine ")).isEqualTo("one two three four five six seven eight…");
        assertThat(Titles.of("x".repeat(100))).isEqualTo("x".repeat(80) + "…");
        assertThat(Titles.of("line one\nline two")).isEqualTo("line one line two");
    }

    private static String create(Api api, String repoId) {
        HttpResult created = api.post("/conversation", Map.of("repoId", repoId));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        Contract.check(created, "conversation/CreateConversationResponse.json");
        return created.text("conversationId");
    }

    private static HttpResult prompt(Api api, String id, String text) {
        return prompt(api, id, text, "gpt-4o");
    }

    private static HttpResult prompt(Api api, String id, String text, String model) {
        return api.post("/conversation/" + id + "/prompt", Map.of("prompt", text, "model", model));
    }

    private static List<String> ids(Api api, String query) {
        HttpResult listed = api.get("/conversation" + query);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        Contract.check(listed, "conversation/GetConversationsResponse.json");
        List<String> ids = new java.util.ArrayList<>();
        listed.json().path("conversations").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    private static JsonNode conversation(Api api, String id) {
        for (JsonNode c : api.get("/conversation?showDeleted=true&take=100").json().path("conversations")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("conversation " + id + " is not listed");
    }

    private static Session member(String access) {
        Session user = server.createUser(server.owner(), OrgRole.USER.code());
        PlatformCalls.member(owner, world.ws(), user.userId(), access);
        return user;
    }
}
