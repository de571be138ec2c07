package io.gatehouse.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PolicyWorld;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.gatehouse.testing.PlatformCalls.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14's case end to end: a real node, a fake OpenAI on loopback, no judge configured, and a REDACT rule worded
 * as people write it. It is read as the detectors' alone, so it is accepted, lets a clean prompt through and masks
 * the phone number before the provider sees it (before, it blocked every request of the organization).
 */
@Tag("db")
class NaturalRuleEndToEndTest {
    static final String RULE = "Redact phone numbers before they reach the model.";
    static final String PHONE = "+44 20 7946 0958";

    static TestServer server;
    static FakeOpenAi openai;
    static PolicyWorld world;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        openai = new FakeOpenAi("sk-fake-openai-key-0123456789");
        world = PolicyWorld.create(server, openai.endpoint(), "sk-fake-openai-key-0123456789");
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
    }

    static HttpResult chat(String message) {
        return GatewayWorld.post(server, "/v1/chat/completions", world.key().secret(),
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + message + "\"}]}");
    }

    @Test
    void aNaturallyWordedRedactRuleWithoutAJudgeMasksThePhoneAndLetsCleanPromptsThrough() {
        HttpResult created = server.owner().api().post("/policy", body("name", "phones", "content", RULE,
                "riskType", "HIGH", "actionType", 3, "orgId", world.orgId()));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode enforcement = created.json().path("policy").path("enforcement");
        assertThat(enforcement.path("mode").asText()).isEqualTo("DETECTORS");
        assertThat(enforcement.path("judgeConfigured").asBoolean()).isFalse();

        // The gateway picks the rule up within a second: send until the provider sees the number masked.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResult masked = chat("Call me on " + PHONE + " tomorrow");
            assertThat(masked.status()).as(masked.toString()).isEqualTo(200);
            assertThat(openai.requests().getLast().bodyText()).contains("Call me on [PHONE_1] tomorrow")
                    .doesNotContain("7946");
        });

        HttpResult clean = chat("Summarise the meeting notes in three bullet points");
        assertThat(clean.status()).as(clean.toString()).isEqualTo(200);
        assertThat(openai.requests().getLast().bodyText()).contains("Summarise the meeting notes in three bullet points");
    }
}
