package io.gatehouse.cli;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.ServeProcess;
import io.gatehouse.testing.TestDatabase;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gatehouse serve} as a real process: it becomes ready, serves chat completions through a repo key, and on
 * SIGTERM drains and writes every usage record before it exits.
 */
@Tag("db")
class ServeProcessTest {

    @Test
    void servesAndShutsDownGracefullyOnSigterm() throws Exception {
        try (TestDatabase db = TestDatabase.create(); FakeOpenAi provider = new FakeOpenAi("sk-process-test-0123456789");
             ServeProcess process = ServeProcess.start(db, "process-password-1",
                     // The fake provider is on loopback: one line allows it, as for a local model server.
                     Map.of("providers.private.allowlist", provider.baseUrl().substring("http://".length())))) {
            // LogbackSetup's format: UTC timestamp, level, logger, message.
            assertThat(process.output()).containsPattern(
                    "(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\S+ - Gatehouse ready in");

            Api gateway = process.gateway();
            assertThat(gateway.get("/healthz").status()).isEqualTo(200);
            assertThat(gateway.get("/readyz").status()).isEqualTo(200);
            Api owner = process.owner("process-password-1");

            String ws = owner.get("/workspace").json().path("workspaces").get(0).path("id").asText();
            String llm = owner.post("/ai/llm", Map.of("name", "fake", "aiType", "OTHER", "endpoint", provider.endpoint(),
                    "secret", "sk-process-test-0123456789", "workspaceId", ws)).text("aiLlmId");
            String repo = owner.post("/repo", Map.of("name", "process", "workspaceId", ws,
                    "repoAiLlms", List.of(Map.of("aiLlmId", llm)))).text("repoId");
            String key = owner.post("/repo/" + repo + "/ai/apikey", Map.of("name", "k")).text("secret");
            Api apps = gateway.as(key);
            for (int i = 0; i < 3; i++) {
                HttpResult chat = apps.post("/v1/chat/completions", Map.of("model", "gpt-4o",
                        "messages", List.of(Map.of("role", "user", "content", "hi"))));
                assertThat(chat.status()).as(chat.toString()).isEqualTo(200);
            }

            // SIGTERM right away: the usage records may still be queued; they must be written before exit.
            assertThat(process.terminate(45)).as("stopped within 45 s").isTrue();
            assertThat(process.output()).contains("Gatehouse stopped").doesNotContain("Exception");
            try (Connection c = db.connect();
                 ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), SUM(tokens_in), SUM(tokens_out) FROM usage_event")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3);
                assertThat(rs.getLong(2)).isEqualTo(33);
                assertThat(rs.getLong(3)).isEqualTo(21);
            }
        }
    }
}
