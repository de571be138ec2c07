package io.gatehouse.gateway;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import io.gatehouse.testing.fake.FakeProvider.Answer;
import io.gatehouse.testing.fake.FakeProvider.Recorded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Providers that echo their credential in error texts: whatever the status, streamed or not, on every ingress and
 * in validation, neither the secret nor any eight characters of it reach the client, the log, the access log or
 * what the Platform API shows.
 */
@Tag("db")
class ProviderErrorScrubTest {
    static final List<Integer> STATUSES = List.of(400, 402, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529);
    static final String OPENAI_KEY = "sk-" + random();
    static final String ANTHROPIC_KEY = "ak-" + random();
    static final String GEMINI_KEY = "gk-" + random();

    static TestServer server;
    static FakeOpenAi openAi;
    static FakeAnthropic anthropic;
    static FakeGemini gemini;
    static Api platform;
    static String workspace;
    static GatewayWorld.Key key;

    /** What the fakes answer next: an HTTP status with an echoing error body, or 0 for a stream that fails midway. */
    static volatile int status;

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(GatewayWorld.settings());
        openAi = new FakeOpenAi(OPENAI_KEY);
        anthropic = new FakeAnthropic(ANTHROPIC_KEY);
        gemini = new FakeGemini(GEMINI_KEY);
        platform = server.owner().api();
        workspace = server.defaultWorkspace(server.owner());
        String gpt = PlatformCalls.aiLlm(platform, workspace, "gpt", "OPENAI", openAi.endpoint(), OPENAI_KEY);
        String claude = PlatformCalls.aiLlm(platform, workspace, "claude", "ANTHROPIC", anthropic.endpoint(), ANTHROPIC_KEY);
        String gem = PlatformCalls.aiLlm(platform, workspace, "gem", "GOOGLE", gemini.endpoint(), GEMINI_KEY);
        for (String id : List.of(gpt, claude, gem)) {
            assertThat(PlatformCalls.validate(platform, id).json().path("success").asBoolean()).isTrue();
        }
        key = GatewayWorld.key(server, PlatformCalls.repo(platform, workspace, "echoed", gpt, claude, gem), "echoed");
        openAi.respond("POST", "/v1/chat/completions", r -> echo(r, OPENAI_KEY, openAiStream(r, OPENAI_KEY)));
        openAi.respond("POST", "/v1/embeddings", r -> echo(r, OPENAI_KEY, null));
        anthropic.respond("POST", "/v1/messages", r -> echo(r, ANTHROPIC_KEY, anthropicStream(r, ANTHROPIC_KEY)));
        gemini.respond("POST", "/v1beta/models/{model}:generateContent", r -> echo(r, GEMINI_KEY, null));
        gemini.respond("POST", "/v1beta/models/{model}:streamGenerateContent", r -> echo(r, GEMINI_KEY, geminiStream(r, GEMINI_KEY)));
    }

    @AfterAll
    static void stop() {
        server.close();
        openAi.close();
        anthropic.close();
        gemini.close();
    }

    /** What a careless provider says: the credential as it was sent, as a bare key, and a piece of it. */
    static String said(Recorded request, String secret) {
        String sent = request.header("Authorization") != null ? "Authorization: " + request.header("Authorization")
                : request.header("x-api-key") != null ? "x-api-key: " + request.header("x-api-key")
                : "x-goog-api-key: " + request.header("x-goog-api-key");
        return "Request refused (" + sent + "); the key " + secret + " (…" + secret.substring(11, 19) + "…) cannot do that";
    }

    static Answer echo(Recorded request, String secret, Answer midStreamFailure) {
        if (status == 0 && midStreamFailure != null) {
            return midStreamFailure;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", said(request, secret));
        error.put("type", "kind-" + secret.substring(3, 12));
        error.put("code", secret.substring(20, 30));
        error.put("param", "Bearer " + secret);
        error.put("status", "STATUS_" + secret.substring(4, 12));
        return Answer.json(status == 0 ? 500 : status, Map.of("error", error));
    }

    static Answer openAiStream(Recorded request, String secret) {
        return Answer.sse("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"error\":{\"message\":\"" + said(request, secret) + "\",\"type\":\"server_error\",\"code\":\""
                + secret.substring(2, 14) + "\"}}\n\n", Duration.ZERO);
    }

    static Answer anthropicStream(Recorded request, String secret) {
        return Answer.sse("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
                + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\""
                + said(request, secret) + "\",\"echo\":[\"" + secret + "\"]}}\n\n", Duration.ZERO);
    }

    static Answer geminiStream(Recorded request, String secret) {
        return Answer.sse("data: {\"error\":{\"code\":500,\"message\":\"" + said(request, secret) + "\",\"status\":\"INTERNAL\"}}\n\n",
                Duration.ZERO);
    }

    static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    static String anthropicMessages(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":64,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    /** Every gateway request of the test, for the current {@link #status}. */
    static List<HttpResult> everyIngress() {
        List<HttpResult> answers = new ArrayList<>();
        for (boolean stream : List.of(false, true)) {
            for (String model : List.of("gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash")) {
                answers.add(GatewayWorld.post(server, "/v1/chat/completions", key.secret(), chat(model, stream)));
            }
            for (String model : List.of("claude-sonnet-4-5", "gpt-4o", "gemini-2.5-flash")) {
                answers.add(GatewayWorld.post(server, "/anthropic/v1/messages", key.secret(), anthropicMessages(model, stream),
                        "x-api-key", key.secret(), "anthropic-version", "2023-06-01"));
            }
        }
        answers.add(GatewayWorld.post(server, "/v1/embeddings", key.secret(),
                "{\"model\":\"text-embedding-3-small\",\"input\":\"Hi\"}"));
        return answers;
    }

    @Test
    void upstreamErrorsOfEveryStatusReachClientsAndLogsWithoutTheSecret() {
        List<String> seen = new ArrayList<>();
        for (int s : STATUSES) {
            status = s;
            for (HttpResult r : everyIngress()) {
                assertThat(r.status()).as("%s for upstream %s", r, s).isGreaterThanOrEqualTo(400);
                seen.add(r.body());
            }
        }
        assertThat(String.join("\n", seen)).contains("Request refused (Authorization: Bearer ***)")
                .contains("Request refused (x-api-key: ***)").contains("the key *** (…***…) cannot do that");
        assertNoSecretIn(seen);
    }

    @Test
    void errorFramesOfStreamsThatFailMidwayCarryNoSecret() {
        status = 0;
        List<HttpResult> answers = everyIngress();
        List<String> streamed = answers.stream().filter(r -> r.status() == 200).map(HttpResult::body).toList();
        // The OpenAI and Anthropic streams fail midway on both ingresses; the Gemini stream fails before its first
        // chunk, which is answered as a plain error (nothing was streamed yet), like the non-streamed requests.
        assertThat(streamed).hasSize(4)
                .allSatisfy(body -> assertThat(body).containsAnyOf("\"error\"", "event: error"));
        assertThat(String.join("\n", streamed)).contains("the key *** (…***…) cannot do that");
        assertNoSecretIn(answers.stream().map(HttpResult::body).toList());
    }

    @Test
    void validationMessagesOfEveryStatusCarryNoSecret() {
        List<String> seen = new ArrayList<>();
        List<FakeProvider> fakes = List.of(openAi, anthropic, gemini);
        List<String> paths = List.of("/v1/models", "/v1/models", "/v1beta/models");
        List<String> secrets = List.of(OPENAI_KEY, ANTHROPIC_KEY, GEMINI_KEY);
        List<String> types = List.of("OPENAI", "ANTHROPIC", "GOOGLE");
        for (int i = 0; i < fakes.size(); i++) {
            // A configuration of its own: a failed validation takes it out of routing.
            String id = PlatformCalls.aiLlm(platform, workspace, "probe-" + types.get(i), types.get(i),
                    fakes.get(i).endpoint(), secrets.get(i));
            String secret = secrets.get(i);
            for (int s : List.of(302, 400, 401, 403, 404, 422, 429, 500, 503)) {
                fakes.get(i).respond("GET", paths.get(i), r -> {
                    Answer echoed = echo(r, secret, null);
                    Map<String, String> headers = new LinkedHashMap<>(echoed.headers());
                    headers.put("Location", "https://elsewhere.example/?key=" + secret);
                    return new Answer(s, headers, echoed.chunks(), Duration.ZERO);
                });
                HttpResult validated = PlatformCalls.validate(platform, id);
                assertThat(validated.json().path("success").asBoolean()).as(validated.toString()).isFalse();
                seen.add(validated.body());
                seen.add(platform.get("/ai/llm/" + id).body());
            }
            seen.add(platform.get("/systemevent?context=aillm&contextId=" + id).body());
        }
        assertThat(String.join("\n", seen)).contains("HTTP 404").contains("HTTP 500").contains("***");
        assertNoSecretIn(seen);
    }

    /** Neither a secret nor any eight characters of it in {@code texts}, the log or the access log. */
    static void assertNoSecretIn(List<String> texts) {
        List<String> everywhere = new ArrayList<>(texts);
        everywhere.add(CapturedLogs.all());
        everywhere.addAll(server.accessLog());
        for (String secret : List.of(OPENAI_KEY, ANTHROPIC_KEY, GEMINI_KEY)) {
            for (int i = 0; i + 8 <= secret.length(); i++) {
                String piece = secret.substring(i, i + 8);
                assertThat(everywhere).as("'%s' of a provider secret", piece).noneSatisfy(t -> assertThat(t).contains(piece));
            }
        }
    }
}
