package io.gatehouse.egress;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeBedrock;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The egress policy on a real node, with its default ({@code providers.allow.private=false}): validation of a
 * configuration on 127.0.0.1 answers {@code success:false} saying how to allow it, and sends nothing; the allow-list
 * opens exactly that target; a configuration validated while it was allowed is refused on {@code /v1} once it is no
 * longer (502 in the client's shape with the same hint). With private targets allowed, the node's own listeners and
 * the cloud metadata address are still refused.
 */
@Tag("db")
class EgressTest {
    static TestServer server;
    static FakeOpenAi local;
    static String target;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("providers.allow.private", "false", "usage.flush.interval", "100ms"));
        local = new FakeOpenAi(null);
        target = local.baseUrl().substring("http://".length());
    }

    @AfterAll
    static void stop() {
        server.close();
        local.close();
    }

    private static HttpResult validate(String id) {
        return PlatformCalls.validate(server.owner().api(), id);
    }

    private static String config(String name, String endpoint) {
        var owner = server.owner();
        return PlatformCalls.aiLlm(owner.api(), server.defaultWorkspace(owner), name, "OTHER", endpoint, null);
    }

    @Test
    void aRoleOnAPrivateTargetIsNotAssumedThere() {
        try (FakeBedrock sts = new FakeBedrock("AKIAFAKEBEDROCK00001", "fakeSecretAccessKey/0123456789abcdefGHIJ")) {
            var owner = server.owner();
            HttpResult created = owner.api().post("/ai/llm", Map.of("workspaceId", server.defaultWorkspace(owner),
                    "name", "bedrock-private-role", "aiType", "AWS", "endpoint", sts.endpoint(), "key", "AKIAFAKEBEDROCK00001",
                    "secret", "fakeSecretAccessKey/0123456789abcdefGHIJ", "roleArn", "arn:aws:iam::123456789012:role/bedrock"));
            HttpResult refused = validate(created.json().path("aiLlmId").asText());
            assertThat(refused.text("message")).startsWith("Not called (egress policy)").contains("private network");
            assertThat(sts.requests()).as("no AssumeRole sent to a refused target").isEmpty();
        }
    }

    @Test
    void aPrivateTargetIsRefusedUntilAllowedAndThenOnlyWhileAllowed() {
        String id = config("ollama", local.endpoint());
        local.clearRequests();
        HttpResult refused = validate(id);
        assertThat(refused.json().path("success").asBoolean(true)).as(refused.toString()).isFalse();
        assertThat(refused.text("message")).contains(target).contains("private network")
                .contains("providers.allow.private=true").contains("providers.private.allowlist=" + target);
        assertThat(refused.text("validationStatus")).isEqualTo("FAILED");
        assertThat(local.requests()).isEmpty();

        server.restart(Map.of("providers.private.allowlist", target));
        HttpResult allowed = validate(id);
        assertThat(allowed.json().path("success").asBoolean()).as(allowed.toString()).isTrue();
        var owner = server.owner();
        GatewayWorld.Key key = GatewayWorld.key(server, PlatformCalls.repo(owner.api(), server.defaultWorkspace(owner),
                "local", id), "local");
        String chat = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", key.secret(), chat).status()).isEqualTo(200);

        // The configuration is still VALID in the store; the node no longer calls its endpoint.
        server.restart(Map.of("providers.private.allowlist", ""));
        GatewayWorld.awaitKnown(server, key.secret());
        local.clearRequests();
        HttpResult openAi = GatewayWorld.post(server, "/v1/chat/completions", key.secret(), chat);
        assertThat(openAi.status()).isEqualTo(502);
        JsonNode error = openAi.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("egress_refused");
        assertThat(error.path("message").asText()).contains("'ollama'").contains(target)
                .contains("providers.allow.private=true").contains("providers.private.allowlist=" + target);
        HttpResult anthropic = GatewayWorld.post(server, "/anthropic/v1/messages", key.secret(),
                "{\"model\":\"gpt-4o\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(anthropic.status()).isEqualTo(502);
        assertThat(anthropic.json().path("type").asText()).isEqualTo("error");
        assertThat(anthropic.json().path("error").path("message").asText()).contains("providers.private.allowlist=" + target);
        assertThat(local.requests()).isEmpty();
        assertThat(GatewayWorld.usage(server, key.id(), 3)).filteredOn(row -> "upstream_error".equals(row.get("outcome")))
                .hasSize(2);
    }

    @Test
    void ownListenersAndTheMetadataServiceAreRefusedEvenWhenPrivateTargetsAreAllowed() {
        server.restart(Map.of("providers.allow.private", "true"));
        try {
            for (int port : new int[] {server.node().adminPort(), server.node().gatewayPort()}) {
                String id = config("self-" + port, "http://127.0.0.1:" + port + "/v1");
                HttpResult r = validate(id);
                assertThat(r.json().path("success").asBoolean(true)).as(r.toString()).isFalse();
                assertThat(r.text("message")).contains("listener of Gatehouse itself")
                        .contains("providers.private.allowlist=127.0.0.1:" + port);
            }
            HttpResult metadata = validate(config("metadata", "http://169.254.169.254/v1"));
            assertThat(metadata.json().path("success").asBoolean(true)).isFalse();
            assertThat(metadata.text("message")).contains("cloud metadata service")
                    .contains("providers.private.allowlist=169.254.169.254:80");
            // Anything else on a private network is fine now.
            HttpResult local = validate(config("allowed", EgressTest.local.endpoint()));
            assertThat(local.json().path("success").asBoolean()).as(local.toString()).isTrue();
        } finally {
            server.restart(Map.of("providers.allow.private", "false"));
        }
    }
}
