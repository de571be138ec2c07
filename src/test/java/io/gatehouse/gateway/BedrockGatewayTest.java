package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.MovableClock;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeBedrock;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * AWS Bedrock end to end: configurations of type AWS validated by a signed {@code ListFoundationModels}, requests of
 * the OpenAI SDK and of the Anthropic ingress sent as signed Converse / ConverseStream calls to a fake that checks each
 * signature with the AWS SDK's signer and streams the binary event stream, answers and usage back in the client's
 * shape, usage recorded, policies applied, Bedrock's errors mapped (credential refusals mark the configuration failing,
 * an unready model falls back).
 */
@Tag("db")
class BedrockGatewayTest {
    static final String KEY_ID = "AKIAFAKEBEDROCK00001";
    static final String SECRET = "fakeSecretAccessKey/0123456789abcdefGHIJ";
    static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
    static TestServer server;
    static FakeBedrock bedrock;
    static FakeBedrock spare;
    static Api api;
    static String ws;
    static String configId;
    static GatewayWorld.Key key;
    static OpenAIClient sdk;

    @BeforeAll
    static void start() {
        server = TestServer.start(GatewayWorld.settings());
        bedrock = new FakeBedrock(KEY_ID, SECRET);
        spare = new FakeBedrock(KEY_ID, SECRET);
        api = server.owner().api();
        ws = server.defaultWorkspace(server.owner());
        configId = aws("bedrock", bedrock.endpoint(), KEY_ID, SECRET);
        String spareId = aws("bedrock-spare", spare.endpoint(), KEY_ID, SECRET);
        for (String id : List.of(configId, spareId)) {
            assertThat(PlatformCalls.validate(api, id).json().path("success").asBoolean()).isTrue();
        }
        key = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "aws", configId, spareId), "aws key");
        sdk = GatewayWorld.openAi(server, key.secret());
    }

    @AfterAll
    static void stop() {
        server.close();
        bedrock.close();
        spare.close();
    }

    @BeforeEach
    void reset() {
        bedrock.reset();
        spare.reset();
    }

    static String aws(String name, String endpoint, String keyId, String secret) {
        HttpResult created = api.post("/ai/llm", awsBody(name, endpoint, keyId, secret));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().path("aiLlmId").asText();
    }

    static Map<String, Object> awsBody(String name, String endpoint, String keyId, String secret) {
        Map<String, Object> body = new HashMap<>(Map.of("workspaceId", ws, "name", name, "aiType", "AWS", "endpoint", endpoint,
                "secret", secret));
        if (keyId != null) {
            body.put("key", keyId);
        }
        return body;
    }

    @Test
    void validationListsTheTextModelsUnderTheirIdsAndFriendlyNames() {
        HttpResult validated = PlatformCalls.validate(api, configId);
        assertThat(validated.json().path("models").toString()).contains("\"" + MODEL + "\"",
                "\"claude-3-5-haiku-20241022\"", "\"amazon.nova-pro-v1:0\"", "\"nova-pro\"",
                "\"anthropic.claude-sonnet-4-20250514-v1:0\"").doesNotContain("titan-embed", "\"claude-sonnet-4-20250514\"");
        FakeProvider.Recorded list = bedrock.requests().getLast();
        assertThat(list.path()).isEqualTo("/foundation-models");
        assertThat(list.header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/")
                .contains("/us-east-1/bedrock/aws4_request");
    }

    @Test
    void aWrongSecretIsRefusedByTheSignatureCheckAndValidationSaysSo() {
        String wrong = aws("bedrock-wrong", bedrock.endpoint(), KEY_ID, "not-the-secret-access-key-0123456789");
        HttpResult r = PlatformCalls.validate(api, wrong);
        assertThat(r.json().path("success").asBoolean()).isFalse();
        assertThat(r.json().path("message").asText()).contains("rejected the credentials", "HTTP 403",
                "signature we calculated does not match").doesNotContain("not-the-secret");
    }

    @Test
    void aRegionNamesTheStandardHostsAndARoleArnIsChecked() {
        HttpResult created = api.post("/ai/llm", awsBody("bedrock-region", "eu-west-3", KEY_ID, SECRET));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("aiLlm").path("endpoint").asText()).isEqualTo("https://bedrock-runtime.eu-west-3.amazonaws.com");
        assertThat(created.json().path("message").asText()).contains("a region such as us-east-1 names the standard hosts");

        Map<String, Object> badRole = awsBody("bedrock-badrole", bedrock.endpoint(), KEY_ID, SECRET);
        badRole.put("roleArn", "arn:aws:iam::1234:user/bedrock");
        HttpResult refused = api.post("/ai/llm", badRole);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("message").asText()).startsWith("roleArn must be an IAM role ARN");

        Map<String, Object> externalOnly = awsBody("bedrock-external", bedrock.endpoint(), KEY_ID, SECRET);
        externalOnly.put("externalId", "ext-0042");
        assertThat(api.post("/ai/llm", externalOnly).json().path("message").asText()).startsWith("externalId goes with roleArn");

        Map<String, Object> openAi = new HashMap<>(Map.of("workspaceId", ws, "name", "openai-token", "aiType", "OPENAI",
                "secret", "sk-test", "sessionToken", "IQoJb3JpZ2luX2VjE"));
        HttpResult notAws = api.post("/ai/llm", openAi);
        assertThat(notAws.status()).isEqualTo(422);
        assertThat(notAws.json().path("message").asText()).contains("only for aiType AWS");

        HttpResult noKey = api.post("/ai/llm", awsBody("bedrock-nokey", bedrock.endpoint(), null, SECRET));
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.json().path("message").asText()).contains("key is required for aiType AWS");
    }

    @Test
    void theOpenAiSdkTalksToBedrockThroughSignedConverse() {
        ChatCompletion answer = sdk.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL)
                .addSystemMessage("Be brief.").addUserMessage("Hi").maxCompletionTokens(50).temperature(0.2).build());
        assertThat(answer.choices().getFirst().message().content()).contains(FakeBedrock.TEXT);
        assertThat(answer.choices().getFirst().finishReason().asString()).isEqualTo("stop");
        assertThat(answer.usage().orElseThrow().promptTokens()).isEqualTo(31); // 21 new + 8 cache read + 2 cache write
        assertThat(answer.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).contains(8L);
        FakeProvider.Recorded sent = bedrock.requests().getLast();
        assertThat(sent.rawTarget()).isEqualTo("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse");
        JsonNode body = FakeProvider.json(sent);
        assertThat(body.path("system").toString()).isEqualTo("[{\"text\":\"Be brief.\"}]");
        assertThat(body.path("messages").toString()).isEqualTo("[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]");
        assertThat(body.path("inferenceConfig").toString()).isEqualTo("{\"maxTokens\":50,\"temperature\":0.2}");

        Map<String, Object> usage = GatewayWorld.usage(server, key.id(), 1).getLast();
        assertThat(usage.get("tokens_in")).isEqualTo(31L);
        assertThat(usage.get("tokens_out")).isEqualTo(6L);
    }

    @Test
    void aFriendlyNameReachesTheBedrockIdItStandsFor() {
        ChatCompletion answer = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-3-5-haiku-20241022").addUserMessage("Hi").build());
        assertThat(answer.choices().getFirst().message().content()).contains(FakeBedrock.TEXT);
        assertThat(FakeBedrock.modelOf(bedrock.requests().getLast())).isEqualTo(MODEL);
    }

    @Test
    void streamsComeBackAsChunksWithUsage() {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new java.util.ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = sdk.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model(MODEL).addUserMessage("Hi").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build())) {
            s.stream().forEach(c -> {
                chunks.add(c);
                acc.accumulate(c);
            });
        }
        ChatCompletion whole = acc.chatCompletion();
        assertThat(whole.choices().getFirst().message().content()).contains(FakeBedrock.TEXT);
        assertThat(whole.choices().getFirst().finishReason().asString()).isEqualTo("stop");
        assertThat(chunks.getLast().usage().orElseThrow().totalTokens()).isEqualTo(37);
        assertThat(bedrock.requests().getLast().rawTarget()).endsWith("/converse-stream");
        assertThat(bedrock.requests().getLast().header("accept")).isEqualTo("application/vnd.amazon.eventstream");
    }

    @Test
    void toolsAndImagesAreTranslatedBothWays() {
        String body = """
                {"model":"%s","stream":%s,"messages":[{"role":"user","content":[{"type":"text","text":"Weather here?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]}],
                "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
                "tool_choice":"required"}""";
        HttpResult whole = GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                body.formatted(MODEL, false, Base64.getEncoder().encodeToString(PNG)));
        assertThat(whole.status()).as(whole.toString()).isEqualTo(200);
        JsonNode call = whole.json().path("choices").path(0).path("message").path("tool_calls").path(0);
        assertThat(call.path("id").asText()).isEqualTo("tooluse_fake1");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(whole.json().path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode sent = FakeProvider.json(bedrock.requests().getLast());
        assertThat(sent.path("messages").path(0).path("content").path(1).toString())
                .isEqualTo("{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"" + Base64.getEncoder().encodeToString(PNG) + "\"}}}");
        assertThat(sent.path("toolConfig").path("toolChoice").toString()).isEqualTo("{\"any\":{}}");
        assertThat(sent.path("toolConfig").path("tools").path(0).path("toolSpec").path("inputSchema").path("json")
                .path("properties").has("city")).isTrue();

        String stream = GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                body.formatted(MODEL, true, Base64.getEncoder().encodeToString(PNG))).body();
        assertThat(stream).contains("\"tool_calls\":[{\"index\":0,\"id\":\"tooluse_fake1\",\"type\":\"function\"",
                "\"arguments\":\"{\\\"city\\\":\"", "\"finish_reason\":\"tool_calls\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void aToolResultGoesBackAsAToolResultBlock() {
        String body = """
                {"model":"%s","messages":[{"role":"user","content":"Weather in Paris?"},
                {"role":"assistant","content":null,"tool_calls":[{"id":"tooluse_fake1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                {"role":"tool","tool_call_id":"tooluse_fake1","content":"{\\"temp\\":21}"}],
                "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""".formatted(MODEL);
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", key.secret(), body).status()).isEqualTo(200);
        JsonNode messages = FakeProvider.json(bedrock.requests().getLast()).path("messages");
        assertThat(messages.path(1).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":"
                + "\"tooluse_fake1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}}]}");
        assertThat(messages.path(2).toString()).isEqualTo("{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":"
                + "\"tooluse_fake1\",\"content\":[{\"json\":{\"temp\":21}}]}}]}");
    }

    @Test
    void theAnthropicIngressReachesBedrockWholeAndStreamed() {
        String body = "{\"model\":\"%s\",\"max_tokens\":100,\"stream\":%s,\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        HttpResult whole = GatewayWorld.post(server, "/anthropic/v1/messages", null, body.formatted(MODEL, false),
                "x-api-key", key.secret(), "anthropic-version", "2023-06-01");
        assertThat(whole.status()).as(whole.toString()).isEqualTo(200);
        assertThat(whole.json().path("content").path(0).path("text").asText()).isEqualTo(FakeBedrock.TEXT);
        assertThat(whole.json().path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(whole.json().path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(8);
        assertThat(FakeProvider.json(bedrock.requests().getLast()).path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(100);

        String stream = GatewayWorld.post(server, "/anthropic/v1/messages", null, body.formatted(MODEL, true),
                "x-api-key", key.secret(), "anthropic-version", "2023-06-01").body();
        assertThat(stream).startsWith("event: message_start").contains("\"text\":\"Hello from \"", "fake Bedrock.")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    @Test
    void bedrockErrorsAreMappedToOpenAiStatuses() {
        bedrock.failNext(FakeBedrock.awsError(429, "ThrottlingException", "Too many requests, please wait before trying again."));
        spare.failNext(FakeBedrock.awsError(429, "ThrottlingException", "Too many requests, please wait before trying again."));
        HttpResult throttled = chat(MODEL);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.json().path("error").path("message").asText()).contains("Too many requests");

        bedrock.failNext(FakeBedrock.awsError(400, "ValidationException", "The provided model identifier is invalid."));
        HttpResult invalid = chat(MODEL);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("error").path("message").asText()).isEqualTo("The provided model identifier is invalid.");
    }

    @Test
    void anUnreadyModelFallsBackToTheNextConfiguration() {
        bedrock.failNext(FakeBedrock.awsError(429, "ModelNotReadyException", "Model is not ready for inference."));
        HttpResult r = chat(MODEL);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(spare.requests()).hasSize(1);

        bedrock.failNext(FakeBedrock.awsError(503, "ServiceUnavailableException", "Service unavailable."));
        spare.failNext(FakeBedrock.awsError(503, "ServiceUnavailableException", "Service unavailable."));
        assertThat(chat(MODEL).status()).isEqualTo(503);
    }

    @Test
    void anExceptionInTheEventStreamEndsTheClientStreamWithAnError() {
        bedrock.respond("POST", "/model/{model}/converse-stream", r -> FakeBedrock.eventStream(List.of(
                FakeBedrock.event("messageStart", "{\"role\":\"assistant\"}"),
                FakeBedrock.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}"),
                FakeBedrock.exception("throttlingException", "Too many tokens, please wait before trying again.")), Duration.ZERO));
        String stream = GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                "{\"model\":\"" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").body();
        assertThat(stream).contains("\"content\":\"Hel\"", "\"error\"", "Too many tokens").doesNotContain("[DONE]");
    }

    @Test
    void policiesBlockOrRedactBeforeBedrockIsCalled() {
        HttpResult blocked = mailThroughPolicy("aws-blocked", "Block e-mail addresses", "HIGH", 2);
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.json().path("error").path("code").asText()).isEqualTo("policy_blocked");
        assertThat(bedrock.requests()).isEmpty();

        HttpResult masked = mailThroughPolicy("aws-masked", "Mask e-mail addresses", "LOW", 3);
        assertThat(masked.status()).isEqualTo(200);
        assertThat(FakeProvider.json(bedrock.requests().getLast()).path("messages").path(0).path("content").path(0)
                .path("text").asText()).isEqualTo("Mail [EMAIL_1]");
    }

    /** A chat mentioning an e-mail address, with a key of a new repository that has one policy. */
    private static HttpResult mailThroughPolicy(String repoName, String rule, String risk, int action) {
        String repo = PlatformCalls.repo(api, ws, repoName, configId);
        PlatformCalls.policy(api, null, repo, repoName + " policy", rule, risk, action);
        GatewayWorld.Key policed = GatewayWorld.key(server, repo, repoName + " key");
        return GatewayWorld.post(server, "/v1/chat/completions", policed.secret(),
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Mail john.doe@example.com\"}]}");
    }

    @Test
    void embeddingsAreRefusedClearly() {
        HttpResult r = GatewayWorld.post(server, "/v1/embeddings", key.secret(),
                "{\"model\":\"" + MODEL + "\",\"input\":\"hello\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").path("message").asText()).contains("Embeddings are not available through AWS Bedrock");
    }

    @Test
    void aRefusedSignatureOnACallMarksTheConfigurationFailing() {
        String id = aws("bedrock-rotated", spare.endpoint(), KEY_ID, SECRET);
        PlatformCalls.validate(api, id);
        GatewayWorld.Key rotatedKey = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "aws-rotated", id), "rotated key");
        spare.secretAccessKey("rotated-on-the-aws-side-0123456789");
        try {
            HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", rotatedKey.secret(),
                    "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.json().path("error").path("code").asText()).isEqualTo("upstream_auth_error");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get("/ai/llm/" + id).json()
                    .path("aiLlm").path("validationStatus").asText()).isEqualTo("FAILED"));
        } finally {
            spare.secretAccessKey(SECRET);
        }
    }

    @Test
    void aSessionTokenIsSealedSignedIntoEveryRequestAndNeverShown() {
        String token = "IQoJb3JpZ2luX2VjEFAKEsessiontokenFORbedrock";
        try (FakeBedrock temporary = new FakeBedrock(KEY_ID, SECRET)) {
            temporary.sessionToken(token);
            Map<String, Object> body = awsBody("bedrock-session", temporary.endpoint(), KEY_ID, SECRET);
            body.put("sessionToken", token);
            HttpResult created = api.post("/ai/llm", body);
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            String id = created.json().path("aiLlmId").asText();
            assertThat(PlatformCalls.validate(api, id).json().path("success").asBoolean()).isTrue();
            assertThat(temporary.requests().getLast().header("x-amz-security-token")).isEqualTo(token);

            GatewayWorld.Key sessionKey = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "aws-session", id), "session key");
            HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", sessionKey.secret(),
                    "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            FakeProvider.Recorded converse = temporary.requests().getLast();
            assertThat(converse.header("x-amz-security-token")).isEqualTo(token);
            assertThat(converse.header("authorization")).contains("x-amz-security-token");

            HttpResult shown = api.get("/ai/llm/" + id);
            assertThat(shown.json().path("aiLlm").path("sessionToken").asText()).isEqualTo("set");
            assertThat(shown.body() + created.body() + api.get("/ai/llm?workspaceId=" + ws).body()).doesNotContain(token, SECRET);

            temporary.sessionToken("another-token-0123456789");
            assertThat(PlatformCalls.validate(api, id).json().path("message").asText()).contains("HTTP 403")
                    .doesNotContain(token);
            assertThat(CapturedLogs.all()).doesNotContain(token, SECRET);
            HttpResult cleared = api.put("/ai/llm/" + id, Map.of("sessionToken", ""));
            assertThat(cleared.json().path("aiLlm").path("sessionToken").isNull()).as(cleared.toString()).isTrue();
        }
    }

    @Test
    void aRoleIsAssumedThroughStsAndItsTemporaryCredentialsSignTheRequests() {
        String role = "arn:aws:iam::123456789012:role/bedrock-caller";
        try (FakeBedrock assumed = new FakeBedrock(KEY_ID, SECRET)) {
            Map<String, Object> body = awsBody("bedrock-role", assumed.endpoint(), KEY_ID, SECRET);
            body.put("roleArn", role);
            body.put("externalId", "ext-0042");
            HttpResult created = api.post("/ai/llm", body);
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            assertThat(created.json().path("aiLlm").path("roleArn").asText()).isEqualTo(role);
            String id = created.json().path("aiLlmId").asText();
            assertThat(PlatformCalls.validate(api, id).json().path("success").asBoolean()).isTrue();
            FakeBedrock.Issued issued = assumed.lastIssued();
            assertThat(issued.request()).containsEntry("RoleArn", role).containsEntry("ExternalId", "ext-0042");
            FakeProvider.Recorded list = assumed.requests().getLast();
            assertThat(list.header("authorization")).contains("Credential=" + issued.accessKeyId() + "/");
            assertThat(list.header("x-amz-security-token")).isEqualTo(issued.sessionToken());

            GatewayWorld.Key roleKey = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "aws-role", id), "role key");
            HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", roleKey.secret(),
                    "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(assumed.requests().getLast().header("authorization")).contains("Credential=" + issued.accessKeyId() + "/");
            assertThat(assumed.assumed()).as("the gateway signs with the credentials validation obtained").isEqualTo(1);
        }
    }

    @Test
    void expiredTemporaryCredentialsWithStsDownAnswer502AndMarkTheConfigurationFailing() {
        try (FakeBedrock assumed = new FakeBedrock(KEY_ID, SECRET)) {
            MovableClock awsTime = new MovableClock(java.time.Instant.now());
            assumed.clock(awsTime);
            Map<String, Object> body = awsBody("bedrock-expiring", assumed.endpoint(), KEY_ID, SECRET);
            body.put("roleArn", "arn:aws:iam::123456789012:role/expiring");
            String id = api.post("/ai/llm", body).json().path("aiLlmId").asText();
            assertThat(PlatformCalls.validate(api, id).json().path("success").asBoolean()).isTrue();
            GatewayWorld.Key roleKey = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "aws-expiring", id), "expiring key");

            assumed.stsUp(false);
            awsTime.advance(Duration.ofHours(2)); // on AWS's side the temporary credentials have expired
            HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", roleKey.secret(),
                    "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.json().path("error").path("code").asText()).isEqualTo("upstream_auth_error");
            assertThat(r.body()).doesNotContain(assumed.lastIssued().sessionToken(), SECRET);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/ai/llm/" + id).json()
                    .path("aiLlm").path("validationStatus").asText()).isEqualTo("FAILED"));
            FakeBedrock.Issued issued = assumed.lastIssued();
            assertThat(CapturedLogs.all()).doesNotContain(issued.secretAccessKey(), issued.sessionToken(), SECRET);
        }
    }

    private static HttpResult chat(String model) {
        return GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }
}
