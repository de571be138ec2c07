package io.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.Gatehouse;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;
import io.gatehouse.crypto.KeyringException;
import io.gatehouse.crypto.MasterKeyring;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.gatehouse.testing.PlatformCalls.aiLlm;
import static io.gatehouse.testing.PlatformCalls.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code gatehouse keys rotate} and {@code generate}, run in-process against the store of a running server:
 * every sealed value moves to the new master key version while the server keeps serving, every configuration
 * still validates afterwards, and a node with a missing or wrong master key refuses to start and changes nothing.
 */
@Tag("db")
class KeysCommandTest {
    private static final String OPENAI_KEY = "sk-proj-rotation-0123456789abcdef";
    private static final String ANTHROPIC_KEY = "sk-ant-rotation-0123456789abcdef";
    private static final String GEMINI_KEY = "AIzaRotation0123456789abcdef";
    private static final String WEBHOOK_SECRET = "whsec-rotation-0123456789abcdef";

    /** A command's exit code and what it printed. */
    record Run(int exit, String out, String err) {
    }

    private static Run keys(Map<String, String> settings, String... args) {
        List<String> argv = new ArrayList<>(List.of("keys"));
        argv.addAll(List.of(args));
        settings.forEach((k, v) -> {
            argv.add("--set");
            argv.add(k + "=" + v);
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), argv.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** Every sealed value in the store. */
    private static List<String> sealed(TestServer server) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = server.database().connect()) {
            for (String q : List.of("SELECT sealed FROM server_secret", "SELECT secret_sealed FROM ai_llm WHERE secret_sealed IS NOT NULL",
                    "SELECT key_sealed FROM ai_llm WHERE key_sealed IS NOT NULL",
                    "SELECT secret_sealed FROM alert_webhook WHERE secret_sealed IS NOT NULL")) {
                try (ResultSet rs = c.createStatement().executeQuery(q)) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
            }
        }
        return values;
    }

    private static String snapshot(TestServer server) throws Exception {
        return String.join(";", sealed(server)) + count(server, "system_event") + count(server, "ai_llm");
    }

    private static long count(TestServer server, String table) throws Exception {
        try (Connection c = server.database().connect(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static GatehouseConfig config(TestServer server, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(server.settings());
        settings.putAll(overrides);
        return new GatehouseConfig(Settings.of(settings));
    }

    private static String newKey() {
        return Base64.getEncoder().encodeToString(Tokens.randomBytes(32));
    }

    @Test
    void rotationWithTheKeyFileRewrapsEverythingWhileTheServerServes() throws Exception {
        try (TestServer server = TestServer.start(Map.of("aillm.validate.timeout", "5s"));
             FakeOpenAi openAi = new FakeOpenAi(OPENAI_KEY);
             FakeAnthropic anthropic = new FakeAnthropic(ANTHROPIC_KEY);
             FakeGemini gemini = new FakeGemini(GEMINI_KEY)) {
            Api api = server.owner().api();
            String ws = server.defaultWorkspace(server.owner());
            List<String> configs = new ArrayList<>(List.of(
                    aiLlm(api, ws, "gpt", "OPENAI", openAi.endpoint(), OPENAI_KEY),
                    aiLlm(api, ws, "claude", "ANTHROPIC", anthropic.endpoint(), ANTHROPIC_KEY),
                    aiLlm(api, ws, "gemini", "GOOGLE", gemini.endpoint(), GEMINI_KEY)));
            assertThat(api.put("/ai/llm/" + configs.getFirst(), Map.of("key", "org-key-id-0123456789")).status()).isEqualTo(200);
            String settings = "/organization/" + server.owner().orgId() + "/settings";
            HttpResult webhook = api.put(settings, Map.of("webhooks", List.of(Map.of("url", "https://hooks.example.com/alerts",
                    "secret", WEBHOOK_SECRET))));
            assertThat(webhook.status()).as(webhook.toString()).isEqualTo(200);
            String webhookId = webhook.json().path("settings").path("webhooks").get(0).path("id").asText();
            configs.forEach(id -> assertThat(validate(api, id).json().path("success").asBoolean()).isTrue());
            assertThat(sealed(server)).allSatisfy(v -> assertThat(v).startsWith("gh1:1:"));

            // Keep the server busy while the command runs: reads and validations must all succeed.
            AtomicBoolean rotating = new AtomicBoolean(true);
            List<String> failures = new CopyOnWriteArrayList<>();
            Thread traffic = Thread.ofVirtual().start(() -> {
                while (rotating.get()) {
                    for (String id : configs) {
                        HttpResult read = api.get("/ai/llm/" + id);
                        HttpResult checked = api.post("/ai/llm/" + id + "/validate", null);
                        if (read.status() != 200 || !checked.json().path("success").asBoolean()) {
                            failures.add(read + " / " + checked);
                        }
                    }
                }
            });
            Run run = keys(server.settings(), "rotate");
            rotating.set(false);
            traffic.join();
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).contains("under master key version 2");
            assertThat(failures).isEmpty();

            MasterKeyring ring = MasterKeyring.parse(Files.readString(server.database().dataDir().resolve("master.key")), "test");
            assertThat(ring.versions()).containsExactly(1, 2);
            // Two server secrets (session signing, console cookie), four configuration values, one webhook secret.
            assertThat(sealed(server)).hasSize(7).allSatisfy(v -> assertThat(v).startsWith("gh1:2:"));
            assertThat(new SecretBox(ring).open(sealed(server).getLast(), "webhook/" + webhookId).reveal()).isEqualTo(WEBHOOK_SECRET);
            assertThat(api.get(settings).json().path("settings").path("webhooks").get(0).path("hasSecret").asBoolean()).isTrue();

            // The running server meets version 2, reloads its key file, and everything still opens.
            for (String id : configs) {
                assertThat(validate(api, id).json().path("success").asBoolean()).isTrue();
            }
            String added = aiLlm(api, ws, "after-rotation", "OPENAI", openAi.endpoint(), OPENAI_KEY);
            assertThat(validate(api, added).json().path("success").asBoolean()).isTrue();
            assertThat(sealed(server)).allSatisfy(v -> assertThat(v).startsWith("gh1:2:"));

            JsonNode events = api.get("/systemevent?context=masterkey").json().path("events");
            assertThat(events.findValuesAsText("event")).containsExactly("rotated");
            assertThat(events.get(0).path("details").path("version").asInt()).isEqualTo(2);
            assertThat(events.get(0).path("details").path("rewrapped").asInt()).isEqualTo(5);

            // A restart reads both versions from the key file.
            server.restart();
            Api again = server.owner().api();
            configs.add(added);
            configs.forEach(id -> assertThat(validate(again, id).json().path("success").asBoolean()).isTrue());

            // Without the key, or with only the version before the rotation, the node refuses and touches nothing.
            server.node().close();
            String before = snapshot(server);
            Path keyFile = server.database().dataDir().resolve("master.key");
            Path aside = keyFile.resolveSibling("master.key.aside");
            Files.move(keyFile, aside);
            assertThatThrownBy(() -> Gatehouse.start(config(server, Map.of()), System.out))
                    .isInstanceOf(KeyringException.class).hasMessageContaining("No master key");
            assertThat(Files.exists(keyFile)).isFalse();
            String version1 = Files.readString(aside).lines().filter(l -> l.startsWith("1:")).findFirst().orElseThrow();
            assertThatThrownBy(() -> Gatehouse.start(config(server, Map.of("master.key", version1)), System.out))
                    .isInstanceOf(KeyringException.class).hasMessageContaining("version 2");
            assertThatThrownBy(() -> Gatehouse.start(config(server, Map.of("master.key", "2:" + newKey() + ",1:" + newKey())), System.out))
                    .isInstanceOf(KeyringException.class).hasMessageContaining("does not open the secrets")
                    .hasMessageContaining("nothing was changed");
            assertThat(snapshot(server)).isEqualTo(before);
            Files.move(aside, keyFile);
        }
    }

    @Test
    void withTheEnvironmentKeyTheNewVersionIsDeployedFirstThenRotated() throws Exception {
        String key1 = "1:" + newKey();
        try (TestServer server = TestServer.start(Map.of("master.key", key1, "aillm.validate.timeout", "5s"));
             FakeOpenAi openAi = new FakeOpenAi(OPENAI_KEY)) {
            Api api = server.owner().api();
            String id = aiLlm(api, server.defaultWorkspace(server.owner()), "gpt", "OPENAI", openAi.endpoint(), OPENAI_KEY);
            assertThat(validate(api, id).json().path("success").asBoolean()).isTrue();

            Run refused = keys(server.settings(), "rotate");
            assertThat(refused.exit()).isEqualTo(3);
            assertThat(refused.err()).contains("already sealed under master key version 1").contains("gatehouse keys generate");

            Run generated = keys(server.settings(), "generate");
            assertThat(generated.exit()).isZero();
            String entry = generated.out().strip();
            assertThat(entry).matches("2:[A-Za-z0-9+/]{43}=");
            assertThat(generated.err()).contains("GATEHOUSE_MASTER_KEY");

            // Deploy: the node restarts with both versions, then the rotation moves everything to version 2.
            server.node().close();
            Map<String, String> deployed = Map.of("master.key", entry + "," + key1);
            try (Gatehouse node = Gatehouse.start(config(server, deployed), System.out)) {
                Api admin = new Api("http://127.0.0.1:" + node.adminPort(), null);
                String token = admin.post("/user/login", Map.of("email", TestServer.OWNER_EMAIL, "password", TestServer.OWNER_PASSWORD))
                        .text("accessToken");
                Map<String, String> cli = new HashMap<>(server.settings());
                cli.putAll(deployed);
                Run rotated = keys(cli, "rotate");
                assertThat(rotated.exit()).as(rotated.toString()).isZero();
                assertThat(sealed(server)).allSatisfy(v -> assertThat(v).startsWith("gh1:2:"));
                assertThat(validate(admin.as(token), id).json().path("success").asBoolean()).isTrue();
                Run again = keys(cli, "rotate");
                assertThat(again.exit()).isEqualTo(3);
                assertThat(again.err()).contains("already sealed under master key version 2");
            }
            assertThatThrownBy(() -> Gatehouse.start(config(server, Map.of("master.key", key1)), System.out))
                    .isInstanceOf(KeyringException.class).hasMessageContaining("version 2");
        }
    }

    @Test
    void aWrongKeyIsRefusedBeforeAnythingIsRewrapped() throws Exception {
        try (TestServer server = TestServer.start(Map.of("master.key", "1:" + newKey()))) {
            String before = snapshot(server);
            Map<String, String> wrong = new HashMap<>(server.settings());
            wrong.put("master.key", "2:" + newKey() + ",1:" + newKey());
            Run run = keys(wrong, "rotate");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("server_secret.sealed").contains("master key is wrong");
            assertThat(snapshot(server)).isEqualTo(before);
        }
    }
}
