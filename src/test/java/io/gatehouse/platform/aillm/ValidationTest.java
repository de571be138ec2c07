package io.gatehouse.platform.aillm;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.gatehouse.testing.PlatformCalls.aiLlm;
import static io.gatehouse.testing.PlatformCalls.validate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /ai/llm/{id}/validate} against fake providers speaking each provider's real models endpoint and
 * error shapes on 127.0.0.1: success records the catalog; bad keys, 5xx, timeouts, refused connections, TLS
 * failures and unknown hosts answer HTTP 200 {@code success:false} with the reason and never the secret.
 */
@Tag("db")
class ValidationTest {
    static final String OPENAI_KEY = "sk-proj-" + UUID.randomUUID().toString().replace("-", "");
    static final String ANTHROPIC_KEY = "sk-ant-api03-" + UUID.randomUUID().toString().replace("-", "");
    static final String GEMINI_KEY = "AIzaSy" + UUID.randomUUID().toString().replace("-", "");
    static TestServer server;
    static Api api;
    static String ws;
    static FakeOpenAi openAi;
    static FakeAnthropic anthropic;
    static FakeGemini gemini;

    @BeforeAll
    static void start() throws Exception {
        // Loading the JDK's trust store can take a second on a busy machine; keep it out of the timed calls.
        javax.net.ssl.SSLContext.getDefault();
        server = TestServer.start(Map.of("aillm.validate.timeout", "5s"));
        api = server.owner().api();
        ws = server.defaultWorkspace(server.owner());
        openAi = new FakeOpenAi(OPENAI_KEY);
        anthropic = new FakeAnthropic(ANTHROPIC_KEY);
        gemini = new FakeGemini(GEMINI_KEY);
    }

    @AfterAll
    static void stop() {
        openAi.close();
        anthropic.close();
        gemini.close();
        server.close();
    }

    private static String config(String type, FakeProvider fake, String secret) {
        return aiLlm(api, ws, type.toLowerCase() + "-" + UUID.randomUUID(), type, fake.endpoint(), secret);
    }

    private static JsonNode get(String id) {
        return api.get("/ai/llm/" + id).json().path("aiLlm");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void assertFailed(HttpResult r, String id, String... parts) {
        assertThat(r.json().path("success").asBoolean(true)).as(r.toString()).isFalse();
        assertThat(r.text("message")).as(r.toString()).contains(parts);
        assertThat(r.body()).doesNotContain(OPENAI_KEY).doesNotContain(ANTHROPIC_KEY).doesNotContain(GEMINI_KEY);
        JsonNode stored = get(id);
        assertThat(stored.path("validationStatus").asText()).isEqualTo("FAILED");
        assertThat(stored.path("validationMessage").asText()).isEqualTo(r.text("message"));
        assertThat(stored.path("lastValidatedAt").isNull()).isFalse();
    }

    @Test
    void openAiListsItsModelsWithABearerKey() {
        String id = config("OPENAI", openAi, OPENAI_KEY);
        openAi.clearRequests();
        HttpResult r = validate(api, id);
        assertThat(r.json().path("success").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.text("message")).contains("3 models");
        assertThat(r.text("validationStatus")).isEqualTo("VALID");
        FakeProvider.Recorded call = openAi.requests().getFirst();
        assertThat(call.method() + " " + call.path()).isEqualTo("GET /v1/models");
        assertThat(call.header("Authorization")).isEqualTo("Bearer " + OPENAI_KEY);

        JsonNode stored = get(id);
        assertThat(stored.path("validationStatus").asText()).isEqualTo("VALID");
        assertThat(stored.path("lastValidatedAt").asText()).endsWith("Z");
        assertThat(texts(stored.path("models"))).containsExactly("gpt-4o", "gpt-4o-mini", "text-embedding-3-small");
    }

    @Test
    void anthropicPagesThroughItsCatalogWithItsOwnHeaders() {
        String id = config("ANTHROPIC", anthropic, ANTHROPIC_KEY);
        anthropic.clearRequests();
        HttpResult r = validate(api, id);
        assertThat(r.json().path("success").asBoolean()).as(r.toString()).isTrue();
        List<FakeProvider.Recorded> calls = anthropic.requests();
        assertThat(calls).hasSize(2);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.path()).isEqualTo("/v1/models");
            assertThat(c.header("x-api-key")).isEqualTo(ANTHROPIC_KEY);
            assertThat(c.header("anthropic-version")).isEqualTo("2023-06-01");
            assertThat(c.header("Authorization")).isNull();
        });
        assertThat(calls.get(1).query()).containsEntry("after_id", "claude-sonnet-4-5");
        assertThat(texts(get(id).path("models"))).containsExactly("claude-haiku-4-5", "claude-opus-4-1", "claude-sonnet-4-5");
    }

    @Test
    void geminiPagesKeepsGenerativeAndEmbeddingModelsAndStripsThePrefix() {
        // Given with its API version, the endpoint is stored as the base the version is appended to.
        String id = aiLlm(api, ws, "gemini-versioned", "GOOGLE", gemini.endpoint() + "/v1beta/", GEMINI_KEY);
        assertThat(get(id).path("endpoint").asText()).isEqualTo(gemini.endpoint());
        gemini.clearRequests();
        HttpResult r = validate(api, id);
        assertThat(r.json().path("success").asBoolean()).as(r.toString()).isTrue();
        List<FakeProvider.Recorded> calls = gemini.requests();
        assertThat(calls).hasSize(2);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.path()).isEqualTo("/v1beta/models");
            assertThat(c.header("x-goog-api-key")).isEqualTo(GEMINI_KEY);
            assertThat(c.query()).doesNotContainKey("key");
        });
        assertThat(calls.get(1).query()).containsEntry("pageToken", "2");
        assertThat(texts(get(id).path("models"))).containsExactly("gemini-2.5-flash", "gemini-2.5-pro", "text-embedding-004");
    }

    @Test
    void anOpenAiCompatibleServerWithoutAKeyIsCalledWithoutOne() {
        try (FakeOpenAi local = new FakeOpenAi(null)) {
            local.models(List.of("llama3.1:8b"));
            String id = aiLlm(api, ws, "ollama", "OTHER", local.endpoint(), null);
            HttpResult r = validate(api, id);
            assertThat(r.json().path("success").asBoolean()).as(r.toString()).isTrue();
            assertThat(local.requests().getFirst().header("Authorization")).isNull();
            assertThat(texts(get(id).path("models"))).containsExactly("llama3.1:8b");
        }
    }

    @Test
    void badKeysAreReportedInEachProvidersWordsWithoutTheKey() {
        String wrongOpenAi = "sk-proj-WRONG" + UUID.randomUUID().toString().replace("-", "");
        String id = config("OPENAI", openAi, wrongOpenAi);
        HttpResult r = validate(api, id);
        assertFailed(r, id, "rejected the credentials", "HTTP 401", "invalid_api_key", "Incorrect API key provided");
        // The provider echoed the start of the key; none of it may come back.
        assertThat(r.body()).doesNotContain(wrongOpenAi).doesNotContain(wrongOpenAi.substring(0, 10));

        id = config("ANTHROPIC", anthropic, "sk-ant-wrong-" + UUID.randomUUID());
        assertFailed(validate(api, id), id, "rejected the credentials", "HTTP 401", "authentication_error", "invalid x-api-key");

        id = config("GOOGLE", gemini, "AIzaWrong" + UUID.randomUUID());
        assertFailed(validate(api, id), id, "rejected the credentials", "HTTP 400", "API key not valid");
    }

    @Test
    void providerFailuresAreReported() {
        String id = config("OPENAI", openAi, OPENAI_KEY);
        openAi.failNext(openAi.serverError());
        assertFailed(validate(api, id), id, "The provider failed to answer", "HTTP 500", "server_error");

        id = config("ANTHROPIC", anthropic, ANTHROPIC_KEY);
        anthropic.failNext(FakeAnthropic.overloaded());
        assertFailed(validate(api, id), id, "HTTP 529", "overloaded_error");

        id = config("GOOGLE", gemini, GEMINI_KEY);
        gemini.failNext(gemini.serverError());
        assertFailed(validate(api, id), id, "HTTP 500", "INTERNAL");

        id = config("OPENAI", openAi, OPENAI_KEY);
        openAi.failNext(FakeProvider.Answer.json(200, Map.of("models", List.of())));
        assertFailed(validate(api, id), id, "not with a model list", "no \"data\" list");
    }

    @Test
    void aStalledProviderTimesOut() {
        try (FakeOpenAi slow = new FakeOpenAi(OPENAI_KEY)) {
            slow.delay(Duration.ofSeconds(12));
            String id = aiLlm(api, ws, "slow", "OPENAI", slow.endpoint(), OPENAI_KEY);
            long started = System.nanoTime();
            HttpResult r = validate(api, id);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(9000));
            assertFailed(r, id, "127.0.0.1:" + slow.baseUrl().replaceAll(".*:", ""), "did not answer within 5 s");
        }
    }

    @Test
    void unreachableHostsAreNamed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String id = aiLlm(api, ws, "refused", "OPENAI", "http://127.0.0.1:" + closed + "/v1", OPENAI_KEY);
        assertFailed(validate(api, id), id, "Could not connect to 127.0.0.1:" + closed);

        // A server that answers plain HTTP where TLS was expected.
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> answerInPlainHttp(plain));
            id = aiLlm(api, ws, "tls", "OPENAI", "https://127.0.0.1:" + plain.getLocalPort() + "/v1", OPENAI_KEY);
            assertFailed(validate(api, id), id, "TLS with 127.0.0.1:" + plain.getLocalPort() + " failed");
        }

        id = aiLlm(api, ws, "unknown-host", "OPENAI", "http://no-such-host.invalid/v1", OPENAI_KEY);
        assertFailed(validate(api, id), id, "Unknown host no-such-host.invalid");
    }

    /**
     * Answers every connection with a plain HTTP 400, whatever it sent, each on its own thread: a stray connection
     * (another test's late client landing on a reused port) must not hold up the one under test.
     */
    private static void answerInPlainHttp(ServerSocket server) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            Thread.ofPlatform().daemon().start(() -> {
                try (socket) {
                    socket.setSoTimeout(10_000);
                    InputStream in = socket.getInputStream();
                    in.read(new byte[16 * 1024]);
                    socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    // Half-close and read on until the client closes: closing with unread bytes would reset the
                    // connection, and the client would see the reset rather than the plain-text answer.
                    socket.shutdownOutput();
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // The test reads the outcome from the validation.
                }
            });
        }
    }

    @Test
    void aNewSecretMarksTheConfigurationUnvalidatedAndARenameDoesNot() {
        String id = config("OPENAI", openAi, OPENAI_KEY);
        validate(api, id);
        assertThat(api.put("/ai/llm/" + id, Map.of("name", "renamed-" + id)).json().path("aiLlm").path("validationStatus").asText())
                .isEqualTo("VALID");
        // The same secret again is no change.
        assertThat(api.put("/ai/llm/" + id, Map.of("secret", OPENAI_KEY)).json().path("aiLlm").path("validationStatus").asText())
                .isEqualTo("VALID");
        JsonNode changed = api.put("/ai/llm/" + id, Map.of("secret", "sk-proj-replaced-0123456789")).json().path("aiLlm");
        assertThat(changed.path("validationStatus").asText()).isEqualTo("UNVALIDATED");
        assertThat(changed.path("models")).isEmpty();
        assertThat(changed.path("lastValidatedAt").isNull()).isTrue();
        assertFailed(validate(api, id), id, "rejected the credentials");
        api.put("/ai/llm/" + id, Map.of("secret", OPENAI_KEY));
        assertThat(validate(api, id).json().path("success").asBoolean()).isTrue();
    }

    @Test
    void availableListsOnlyValidatedConfigurationsNewestFirst() {
        String own = io.gatehouse.testing.PlatformCalls.workspace(api, "available-ws");
        String older = aiLlm(api, own, "older", "OPENAI", openAi.endpoint(), OPENAI_KEY);
        String failing = aiLlm(api, own, "failing", "OPENAI", openAi.endpoint(), "sk-wrong-000000000000");
        String unvalidated = aiLlm(api, own, "unvalidated", "OPENAI", openAi.endpoint(), OPENAI_KEY);
        String newer = aiLlm(api, own, "newer", "ANTHROPIC", anthropic.endpoint(), ANTHROPIC_KEY);
        validate(api, older);
        validate(api, failing);
        validate(api, newer);
        JsonNode available = api.get("/ai/llm/available?workspaceId=" + own).json();
        List<String> ids = new ArrayList<>();
        available.path("aiLlms").forEach(c -> ids.add(c.path("id").asText()));
        assertThat(ids).containsExactly(newer, older).doesNotContain(failing, unvalidated);
        assertThat(available.path("total").asLong()).isEqualTo(2);
    }
}
