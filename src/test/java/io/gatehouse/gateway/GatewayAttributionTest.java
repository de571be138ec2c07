package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.Contract;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PolicyRows;
import io.gatehouse.testing.PolicyRows.Scope;
import io.gatehouse.testing.PolicyWorld;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attribution (decision 0018) end to end through the real server and a fake provider: every ingress names an end
 * user and a conversation its own way, and both land on the usage record, the violation, the alert and the
 * {@code /aistats} answer (filtered by them, and counted in {@code activeConversations}); the headers win over the
 * body; a malformed id is refused with a 400 in the ingress's own shape before the provider is called; a prompt of a
 * platform conversation is attributed to the conversation and its creator, who is named.
 */
@Tag("db")
class GatewayAttributionTest {
    static final String CARD_RULE = "block credit card numbers";
    static final String CARD_PROMPT = "Book it on card 4111 1111 1111 1111 please";

    /** A client API, and a request of it carrying {@code prompt} attributed to (user, conversation) its own way. */
    record Ingress(String name, String path, Function<Attributed, Request> request) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Attributed(String prompt, String user, String conversation) {
    }

    record Request(String body, String... headers) {
    }

    static final List<Ingress> INGRESSES = List.of(
            new Ingress("OpenAI chat (user, metadata.conversation_id)", "/v1/chat/completions", a -> new Request(
                    "{\"model\":\"gpt-4o\",\"user\":\"" + a.user() + "\",\"metadata\":{\"conversation_id\":\""
                            + a.conversation() + "\"},\"messages\":[{\"role\":\"user\",\"content\":\"" + a.prompt() + "\"}]}")),
            new Ingress("OpenAI Responses (metadata.user_id, metadata.conversation_id)", "/v1/responses", a -> new Request(
                    "{\"model\":\"gpt-4o\",\"metadata\":{\"user_id\":\"" + a.user() + "\",\"conversation_id\":\""
                            + a.conversation() + "\"},\"input\":\"" + a.prompt() + "\"}")),
            new Ingress("Anthropic messages (metadata.user_id, x-gatehouse-conversation)", "/anthropic/v1/messages",
                    a -> new Request("{\"model\":\"gpt-4o\",\"max_tokens\":100,\"metadata\":{\"user_id\":\"" + a.user()
                            + "\"},\"messages\":[{\"role\":\"user\",\"content\":\"" + a.prompt() + "\"}]}",
                            "x-gatehouse-conversation", a.conversation())),
            new Ingress("Gemini generateContent (both headers)", "/v1beta/models/gpt-4o:generateContent", a -> new Request(
                    "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + a.prompt() + "\"}]}]}",
                    "x-gatehouse-user", a.user(), "x-gatehouse-conversation", a.conversation())));

    static TestServer server;
    static FakeOpenAi openai;
    static PolicyWorld world;
    static Api owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("usage.flush.interval", "100ms", "policy.flush.interval", "100ms"));
        openai = new FakeOpenAi("sk-fake-openai-key-0123456789");
        world = PolicyWorld.create(server, openai.endpoint(), "sk-fake-openai-key-0123456789");
        owner = server.owner().api();
        PolicyRows.clear(server);
        PolicyRows.policy(server, Scope.org(world.orgId()), "cards alert", CARD_RULE, "MEDIUM", 1);
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

    @ParameterizedTest(name = "{0}")
    @FieldSource("INGRESSES")
    void everyIngressAttributesItsUsageViolationAlertAndStats(Ingress ingress) throws Exception {
        GatewayWorld.Key key = GatewayWorld.key(server, world.repo(), "key " + UUID.randomUUID());
        String user = "customer-" + UUID.randomUUID();
        String conversation = "conv_" + UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();
        Request request = ingress.request().apply(new Attributed(CARD_PROMPT, user, conversation));

        HttpResult answer = send(ingress.path(), key, request, "x-request-id", requestId);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);

        // The usage record.
        Map<String, Object> usage = GatewayWorld.usage(server, key.id(), 1).getFirst();
        assertThat(usage).containsEntry("user_id", user).containsEntry("conversation_id", conversation)
                .containsEntry("policy_violations", 1).containsEntry("alerts", 1);

        // The violation and the alert: the conversation is the client's, the request id its own field.
        JsonNode violation = listed("/policy/violations?requestId=" + requestId, "violations",
                "policy/GetPolicyViolationsResponse.json");
        assertThat(violation.path("conversationId").asText()).isEqualTo(conversation);
        assertThat(violation.path("requestId").asText()).isEqualTo(requestId);
        assertThat(violation.path("userId").asText()).isEqualTo(user);
        assertThat(violation.path("userName").isNull()).as("not a member").isTrue();
        JsonNode alert = listed("/policy/alerts?conversationId=" + conversation, "alerts",
                "policy/GetPolicyAlertsResponse.json");
        assertThat(alert.path("requestId").asText()).isEqualTo(requestId);
        assertThat(alert.path("userId").asText()).isEqualTo(user);
        assertThat(owner.get("/policy/violations?userId=" + user).json().path("total").asLong()).isEqualTo(1);

        // /aistats: by user and by conversation (one row each, split by it), and the key's row counts the conversation.
        JsonNode byUser = onlyRow("/aistats/minute?userUuid=" + user);
        assertThat(byUser.path("userUuid").asText()).isEqualTo(user);
        assertThat(byUser.path("conversationUuid").isNull()).isTrue();
        assertThat(byUser.path("apiCalls").asLong()).isEqualTo(1);
        assertThat(byUser.path("activeConversations").asLong()).isEqualTo(1);
        assertThat(byUser.path("policyViolations").asLong()).isEqualTo(1);
        assertThat(byUser.path("numAlerts").asLong()).isEqualTo(1);
        assertThat(byUser.path("repoAiApiKeyId").asText()).isEqualTo(key.id());
        JsonNode byConversation = onlyRow("/aistats/daily?conversationUuid=" + conversation);
        assertThat(byConversation.path("conversationUuid").asText()).isEqualTo(conversation);
        assertThat(byConversation.path("tokensIn").asText()).isEqualTo(usage.get("tokens_in").toString());
        JsonNode byKey = onlyRow("/aistats/minute?repoAiApiKeyId=" + key.id());
        assertThat(byKey.path("activeConversations").asLong()).isEqualTo(1);
        assertThat(byKey.path("userUuid").isNull()).isTrue();
        assertThat(owner.get("/aistats/minute?userUuid=" + user + "&conversationUuid=other").json().path("data")).isEmpty();
    }

    @Test
    void theHeadersWinOverTheBody() {
        GatewayWorld.Key key = GatewayWorld.key(server, world.repo(), "key " + UUID.randomUUID());
        Request request = INGRESSES.getFirst().request().apply(new Attributed("hello", "body-user", "body-conversation"));
        HttpResult answer = send("/v1/chat/completions", key, request,
                "x-gatehouse-user", "header-user", "x-gatehouse-conversation", "header-conversation");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(GatewayWorld.usage(server, key.id(), 1).getFirst()).containsEntry("user_id", "header-user")
                .containsEntry("conversation_id", "header-conversation");
        // The headers are Gatehouse's: they do not reach the provider.
        assertThat(openai.requests().getLast().headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-gatehouse"));
    }

    @Test
    void metadataUserIdWinsOverUserAndAnEmptyIdIsNone() {
        GatewayWorld.Key key = GatewayWorld.key(server, world.repo(), "key " + UUID.randomUUID());
        HttpResult answer = GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                "{\"model\":\"gpt-4o\",\"user\":\"plain-user\",\"metadata\":{\"user_id\":\"meta-user\",\"conversation_id\":\"\"},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-gatehouse-user", "");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Map<String, Object> usage = GatewayWorld.usage(server, key.id(), 1).getFirst();
        assertThat(usage).containsEntry("user_id", "meta-user");
        assertThat(usage.get("conversation_id")).isNull();
    }

    @Test
    void malformedIdsAreRefusedInTheIngresssOwnShapeBeforeTheProvider() {
        String secret = world.key().secret();
        String tooLong = "u".repeat(129);

        HttpResult chat = GatewayWorld.post(server, "/v1/chat/completions", secret,
                "{\"model\":\"gpt-4o\",\"user\":\"John Smith\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(chat.status()).isEqualTo(400);
        assertThat(chat.json().path("error").path("param").asText()).isEqualTo("user");
        assertThat(chat.json().path("error").path("message").asText()).contains("at most 128 characters");

        HttpResult anthropic = GatewayWorld.post(server, "/anthropic/v1/messages", secret,
                "{\"model\":\"gpt-4o\",\"max_tokens\":10,\"metadata\":{\"user_id\":\"" + tooLong + "\"},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(anthropic.status()).isEqualTo(400);
        assertThat(anthropic.json().path("type").asText()).isEqualTo("error");
        assertThat(anthropic.json().path("error").path("message").asText()).contains("metadata.user_id");

        HttpResult gemini = GatewayWorld.post(server, "/v1beta/models/gpt-4o:generateContent", secret,
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}", "x-gatehouse-conversation", "a;b");
        assertThat(gemini.status()).isEqualTo(400);
        assertThat(gemini.json().path("error").path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(gemini.json().path("error").path("message").asText()).contains("x-gatehouse-conversation");

        HttpResult responses = GatewayWorld.post(server, "/v1/responses", secret,
                "{\"model\":\"gpt-4o\",\"metadata\":{\"conversation_id\":\"<script>\"},\"input\":\"hi\"}");
        assertThat(responses.status()).isEqualTo(400);
        assertThat(responses.json().path("error").path("param").asText()).isEqualTo("metadata.conversation_id");

        HttpResult notAString = GatewayWorld.post(server, "/v1/chat/completions", secret,
                "{\"model\":\"gpt-4o\",\"metadata\":{\"user_id\":42},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(notAString.status()).isEqualTo(400);
        assertThat(notAString.json().path("error").path("param").asText()).isEqualTo("metadata.user_id");

        assertThat(openai.requests()).isEmpty();
        assertThat(owner.get("/aistats/minute?userUuid=John%20Smith").status()).isEqualTo(400);
    }

    @Test
    void aPlatformConversationsPromptIsAttributedToItAndItsCreator() throws Exception {
        HttpResult created = owner.post("/conversation", Map.of("repoId", world.repo()));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String conversation = created.text("conversationId");
        String creator = server.owner().userId();

        HttpResult prompted = owner.post("/conversation/" + conversation + "/prompt",
                Map.of("prompt", CARD_PROMPT, "model", "gpt-4o"));
        assertThat(prompted.status()).as(prompted.toString()).isEqualTo(200);

        String keyId = GatewayWorld.query(server, "SELECT key_id FROM conversation WHERE id = ?", conversation)
                .getFirst().get("key_id").toString();
        assertThat(GatewayWorld.usage(server, keyId, 1).getFirst()).containsEntry("user_id", creator)
                .containsEntry("conversation_id", conversation);
        JsonNode violation = listed("/policy/violations?conversationId=" + conversation, "violations",
                "policy/GetPolicyViolationsResponse.json");
        assertThat(violation.path("userId").asText()).isEqualTo(creator);
        var user = GatewayWorld.query(server, "SELECT name, last_name FROM app_user WHERE id = ?", creator).getFirst();
        assertThat(violation.path("userName").asText()).isEqualTo((user.get("name") + " " + user.get("last_name")).trim());
        JsonNode row = onlyRow("/aistats/minute?conversationUuid=" + conversation + "&userUuid=" + creator);
        assertThat(row.path("conversationUuid").asText()).isEqualTo(conversation);
        assertThat(row.path("userUuid").asText()).isEqualTo(creator);
        assertThat(row.path("activeConversations").asLong()).isEqualTo(1);
    }

    private static HttpResult send(String path, GatewayWorld.Key key, Request request, String... extraHeaders) {
        List<String> headers = new ArrayList<>(List.of(request.headers()));
        headers.addAll(List.of(extraHeaders));
        return GatewayWorld.post(server, path, key.secret(), request.body(), headers.toArray(String[]::new));
    }

    /** The one row a policy list answers (once the engine wrote it), its answer checked against the vendor's type. */
    private static JsonNode listed(String path, String field, String schema) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            found.clear();
            owner.get(path).json().path(field).forEach(found::add);
            return !found.isEmpty();
        });
        HttpResult answer = owner.get(path);
        Contract.check(answer, schema);
        assertThat(answer.json().path(field)).hasSize(1);
        return answer.json().path(field).get(0);
    }

    /** The one /aistats row of a query, its answer checked against the vendor's type. */
    private static JsonNode onlyRow(String path) {
        HttpResult answer = owner.get(path);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Contract.check(answer, "stats/AiStatsResponse.json");
        assertThat(answer.json().path("data")).as(answer.toString()).hasSize(1);
        return answer.json().path("data").get(0);
    }
}
