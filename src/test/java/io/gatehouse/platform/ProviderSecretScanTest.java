package io.gatehouse.platform;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeBedrock;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.gatehouse.testing.PlatformCalls.aiLlm;
import static io.gatehouse.testing.PlatformCalls.repo;
import static io.gatehouse.testing.PlatformCalls.validate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider secrets (and key ids) and alert webhook signing secrets go in and never come out: not in any Platform
 * API answer — every GET route is read back, plus every answer of the scenario, errors included — nor in the audit
 * log, the log output, the console, any stored row or the embedded database's files. Repo key secrets appear in
 * their creating answer only.
 */
@Tag("db")
class ProviderSecretScanTest {
    /** Endpoints outside the Platform API routes that must never show a secret; add /metrics here once it exists. */
    private static final List<String> EXTRA_ENDPOINTS = List.of("/openapi.json", "/metrics");

    private static String random(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    @Test
    void providerSecretsNeverLeaveTheStoreAsPlaintext() throws Exception {
        String openAiKey = random("sk-proj-");
        String anthropicKey = random("sk-ant-api03-");
        String geminiKey = random("AIzaSy");
        String wrongKey = random("sk-proj-wrong");
        String webhookSecret = random("whsec-");
        String replacedKey = random("sk-proj-replaced");
        String keyId = random("key-id-");
        String awsKeyId = random("AKIA");
        String awsSecret = random("aws/secret+");
        String sharedKey = random("sk-proj-shared");
        String rotatedSharedKey = random("sk-proj-rotated");
        List<String> secrets = List.of(openAiKey, anthropicKey, geminiKey, wrongKey, replacedKey, keyId, webhookSecret, awsKeyId,
                awsSecret, sharedKey, rotatedSharedKey,
                wrongKey.substring(0, 10) /* what OpenAI echoes of a bad key */);
        List<HttpResult> answers = new ArrayList<>();
        String repoKeySecret;

        try (TestServer server = TestServer.start(Map.of("aillm.validate.timeout", "2s"));
             FakeOpenAi openAi = new FakeOpenAi(openAiKey);
             FakeAnthropic anthropic = new FakeAnthropic(anthropicKey);
             FakeGemini gemini = new FakeGemini(geminiKey);
             FakeBedrock bedrock = new FakeBedrock(awsKeyId, awsSecret)) {
            Session owner = server.owner();
            Api api = owner.api();
            String ws = server.defaultWorkspace(owner);

            String gpt = aiLlm(api, ws, "gpt", "OPENAI", openAi.endpoint(), openAiKey);
            String claude = aiLlm(api, ws, "claude", "ANTHROPIC", anthropic.endpoint(), anthropicKey);
            String gem = aiLlm(api, ws, "gem", "GOOGLE", gemini.endpoint(), geminiKey);
            String wrong = aiLlm(api, ws, "wrong", "OPENAI", openAi.endpoint(), wrongKey);
            HttpResult aws = api.post("/ai/llm", Map.of("name", "bedrock", "aiType", "AWS", "workspaceId", ws,
                    "endpoint", bedrock.endpoint(), "key", awsKeyId, "secret", awsSecret));
            answers.add(aws);
            answers.add(validate(api, aws.json().path("aiLlmId").asText()));
            assertThat(answers.getLast().json().path("success").asBoolean()).isTrue();
            Map<String, Object> withKey = new HashMap<>(Map.of("key", keyId, "secret", replacedKey, "name", "gpt-renamed"));
            answers.add(api.put("/ai/llm/" + gpt, withKey));
            answers.add(api.put("/ai/llm/" + gpt, Map.of("secret", openAiKey)));
            for (String id : List.of(gpt, claude, gem, wrong)) {
                answers.add(validate(api, id));
            }
            assertThat(answers.getLast().text("message")).contains("rejected the credentials");
            // Refused requests carrying a secret do not echo it either.
            answers.add(api.post("/ai/llm", Map.of("name", "gem", "aiType", "GOOGLE", "workspaceId", ws, "secret", geminiKey)));
            answers.add(api.post("/ai/llm", Map.of("name", "bad", "aiType", "OPENAI", "workspaceId", ws, "secret", openAiKey,
                    "endpoint", "https://user:" + openAiKey + "@example.test/v1")));
            answers.add(api.post("/ai/llm", Map.of("name", "bad", "aiType", "BOGUS", "workspaceId", ws, "secret", openAiKey)));
            answers.add(api.post("/ai/llm", Map.of("name", "bad", "aiType", "OPENAI", "workspaceId", ws, "secret", 12345)));
            assertThat(answers.subList(answers.size() - 4, answers.size())).allSatisfy(r -> assertThat(r.status()).isBetween(400, 499));

            String repoId = repo(api, ws, "scanned", gpt, claude, gem);
            HttpResult keyCreated = api.post("/repo/" + repoId + "/ai/apikey", Map.of("name", "scanned-key"));
            repoKeySecret = keyCreated.text("secret");
            assertThat(repoKeySecret).startsWith("ghk_");
            answers.add(keyCreated);
            answers.add(api.post("/ai/models", Map.of("repoId", repoId)));
            String policyId = PlatformCalls.policy(api, null, repoId, "no-keys", "Never send API keys", "HIGH", 2);
            HttpResult settings = api.put("/organization/" + owner.orgId() + "/settings", Map.of("judgeAiLlmId", gpt,
                    "judgeModel", "gpt-4o-mini", "webhooks", List.of(Map.of("url", "https://hooks.example.com/a", "secret", webhookSecret))));
            assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
            answers.add(settings);
            answers.add(api.put("/organization/" + owner.orgId() + "/settings", Map.of("webhooks", List.of(Map.of("url", "ftp://x",
                    "secret", webhookSecret)))));
            assertThat(answers.getLast().status()).isEqualTo(422);

            // A shared provider key, a configuration using it, and its rotation.
            HttpResult shared = api.post("/apikeys", Map.of("provider", "OPENAI", "secret", sharedKey, "endpoint", openAi.endpoint(),
                    "workspaceId", ws));
            answers.add(shared);
            answers.add(api.post("/ai/llm", Map.of("name", "shared-gpt", "aiType", "OPENAI", "workspaceId", ws,
                    "apiKeyUuid", shared.text("apiKeyId"))));
            answers.add(api.put("/apikeys/" + shared.text("apiKeyId"), Map.of("secret", rotatedSharedKey)));
            assertThat(answers.getLast().status()).as(answers.getLast().toString()).isEqualTo(200);

            // A conversation holds a repo key of its own and its messages, both sealed.
            String conversationId = api.post("/conversation", Map.of("repoId", repoId)).text("conversationId");
            HttpResult prompted = api.post("/conversation/" + conversationId + "/prompt",
                    Map.of("prompt", "Hi", "model", "gpt-4o"));
            assertThat(prompted.status()).as(prompted.toString()).isEqualTo(200);
            answers.add(prompted);

            List<String> reads = readEverything(server, owner, Map.of("/ai/llm", List.of(gpt, claude, gem, wrong),
                    "/repo", List.of(repoId), "/workspace", List.of(ws), "/policy", List.of(policyId),
                    "/conversation", List.of(conversationId)));
            assertThat(reads).anySatisfy(body -> assertThat(body).contains("\"events\""));
            List<String> bodies = new ArrayList<>(reads);
            answers.forEach(r -> bodies.add(r.body()));
            String logs = CapturedLogs.all() + "\n" + server.consoleOutput();
            String rows = dumpEveryTable(server);
            for (String secret : secrets) {
                assertThat(bodies).allSatisfy(b -> assertThat(b).doesNotContain(secret));
                assertThat(logs).doesNotContain(secret);
                assertThat(rows).doesNotContain(secret);
            }
            assertThat(rows).contains("gh1:");
            assertThat(bodies.stream().filter(b -> b.contains(repoKeySecret))).containsExactly(keyCreated.body());
            assertThat(logs).doesNotContain(repoKeySecret);
            assertThat(rows).doesNotContain(repoKeySecret.substring(4));

            // Closing the node flushes the embedded database to its files: none holds a secret either.
            server.node().close();
            if (!server.database().isPostgres()) {
                String files = dataFiles(server.database().dataDir());
                assertThat(files).contains("gh1:");
                for (String secret : secrets) {
                    assertThat(files).doesNotContain(secret);
                }
                assertThat(files).doesNotContain(repoKeySecret.substring(4));
            }
        }
    }

    /** What each dashboard breaks its figures down by. */
    private static final Map<String, List<String>> BREAKDOWNS = Map.of(
            "/v2/stats/ai/breakdown/{by}", List.of("workspaces", "repos", "models", "providers", "aiConfigs", "users", "conversations"),
            "/v2/stats/policies/breakdown/{by}", List.of("rules", "users"),
            "/v2/stats/private-chat/breakdown/{by}", List.of("models", "users"));

    /** Every GET route of the Platform API (path parameters filled with the ids given) and the extra endpoints. */
    private static List<String> readEverything(TestServer server, Session owner, Map<String, List<String>> idsByPrefix) {
        List<String> bodies = new ArrayList<>();
        for (ApiRoutes.Operation op : server.node().admin().operations()) {
            if (!op.method().equals("GET")) {
                continue;
            }
            for (String path : concrete(op.path(), owner, idsByPrefix)) {
                // The dashboards (/v2/stats) ask for a scope and a window.
                String scope = path.startsWith("/v2/stats") ? "&scope=org&window=24h" : "";
                HttpResult r = owner.api().get(path + "?take=100" + scope + "&orgId=" + owner.orgId());
                assertThat(r.status()).as("GET " + path + ": " + r).isEqualTo(200);
                bodies.add(r.body());
            }
        }
        for (String path : EXTRA_ENDPOINTS) {
            bodies.add(server.admin().get(path).body());
        }
        return bodies;
    }

    private static List<String> concrete(String template, Session owner, Map<String, List<String>> idsByPrefix) {
        String path = template.replace("{orgId}", owner.orgId()).replace("{userId}", owner.userId());
        if (path.contains("{repoId}")) {
            path = path.replace("{repoId}", idsByPrefix.get("/repo").getFirst());
        }
        if (path.contains("{policyId}")) {
            path = path.replace("{policyId}", idsByPrefix.get("/policy").getFirst());
        }
        if (path.contains("{by}")) {
            String dashboard = path;
            return BREAKDOWNS.get(path).stream().map(by -> dashboard.replace("{by}", by)).toList();
        }
        if (!path.contains("{id}")) {
            return List.of(path);
        }
        String prefix = path.substring(0, path.indexOf("/{id}"));
        List<String> ids = idsByPrefix.get(prefix);
        assertThat(ids).as("ids to read " + template + " with: add them to the scan").isNotNull();
        String filled = path;
        return ids.stream().map(id -> filled.replace("{id}", id)).toList();
    }

    /** Every value of every table of the schema. */
    private static String dumpEveryTable(TestServer server) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = server.database().connect()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE", "BASE TABLE"})) {
                while (rs.next()) {
                    // SQLite has no schemas; PostgreSQL's tables are in "public".
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema == null || "public".equals(schema.toLowerCase(Locale.ROOT))) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            assertThat(tables).contains("ai_llm", "ai_llm_model", "repo", "repo_ai_llm", "repo_ai_key", "system_event", "alert_webhook");
            for (String table : tables) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            all.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        return all.toString();
    }

    private static String dataFiles(Path dir) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }
}
