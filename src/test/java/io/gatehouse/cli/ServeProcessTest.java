package io.gatehouse.cli;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestDatabase;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gatehouse serve} as a real process: it becomes ready, serves chat completions through a repo key, and on
 * SIGTERM drains and writes every usage record before it exits.
 */
@Tag("db")
class ServeProcessTest {

    @Test
    void servesAndShutsDownGracefullyOnSigterm() throws Exception {
        try (TestDatabase db = TestDatabase.create(); FakeOpenAi provider = new FakeOpenAi("sk-process-test-0123456789")) {
            int gatewayPort = freePort();
            int adminPort = freePort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Without the test classes: the product's own logging configuration, not logback-test.xml.
                    "-cp", productClassPath(),
                    Main.class.getName(), "serve",
                    "--gateway-port", Integer.toString(gatewayPort),
                    "--admin-port", Integer.toString(adminPort),
                    "--set", "admin.password=process-password-1",
                    // The fake provider is on loopback: one line allows it, as for a local model server.
                    "--set", "providers.private.allowlist=" + provider.baseUrl().substring("http://".length())));
            for (Map.Entry<String, String> e : db.settings().entrySet()) {
                command.add("--set");
                command.add(e.getKey() + "=" + e.getValue());
            }
            // Output goes to a file: Process.destroy() closes the pipes, which would lose what shutdown prints.
            Path log = db.dataDir().resolve("serve.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.readString(log).contains("Gatehouse ready") && process.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                // LogbackSetup's format: UTC timestamp, level, logger, message.
                assertThat(Files.readString(log)).containsPattern(
                        "(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\S+ - Gatehouse ready in");

                Api gateway = new Api("http://127.0.0.1:" + gatewayPort, null);
                assertThat(gateway.get("/healthz").status()).isEqualTo(200);
                assertThat(gateway.get("/readyz").status()).isEqualTo(200);
                Api admin = new Api("http://127.0.0.1:" + adminPort, null);
                HttpResult login = admin.post("/user/login", Map.of("email", "admin@localhost", "password", "process-password-1"));
                assertThat(login.status()).isEqualTo(200);
                Api owner = admin.as(login.text("accessToken"));

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
                process.destroy();
                assertThat(process.waitFor(45, TimeUnit.SECONDS)).as("stopped within 45 s").isTrue();
                assertThat(Files.readString(log)).contains("Gatehouse stopped").doesNotContain("Exception");
                try (Connection c = db.connect();
                     ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), SUM(tokens_in), SUM(tokens_out) FROM usage_event")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(3);
                    assertThat(rs.getLong(2)).isEqualTo(33);
                    assertThat(rs.getLong(3)).isEqualTo(21);
                }
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static String productClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
