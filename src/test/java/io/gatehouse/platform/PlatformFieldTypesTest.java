package io.gatehouse.platform;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

import java.util.List;
import java.util.Map;

import static io.gatehouse.testing.PlatformCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Platform API bodies bind to records with strict types: a string is not a list, a boolean or a number, and the
 * other way round; nothing is coerced or silently dropped, each is a 400 naming the field.
 */
@Tag("db")
class PlatformFieldTypesTest {
    private static void refused(HttpResult r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("success").asBoolean(true)).isFalse();
        assertThat(r.text("message")).startsWith("Field '" + field + "' must be");
    }

    @Test
    void wrongTypesAreRefusedNamingTheField() {
        try (TestServer server = TestServer.start()) {
            Api api = server.owner().api();
            String ws = server.defaultWorkspace(server.owner());
            String llm = PlatformCalls.aiLlm(api, ws, "types-llm", "OPENAI", null, "sk-types-0123456789abcdef");
            String repo = PlatformCalls.repo(api, ws, "types-repo", llm);
            String keys = "/repo/" + repo + "/ai/apikey";
            refused(api.post(keys, Map.of("name", "k", "allowedModels", "gpt-4o")), "allowedModels");
            refused(api.post(keys, Map.of("name", "k", "allowedModels", List.of(5))), "allowedModels[0]");
            refused(api.post(keys, Map.of("name", "k", "limits", Map.of("rpm", "60"))), "limits.rpm");
            refused(api.post(keys, Map.of("name", "k", "limits", Map.of("rpm", 1.5))), "limits.rpm");
            refused(api.post(keys, Map.of("name", "k", "expiresAt", 1767225600)), "expiresAt");
            refused(api.post(keys, Map.of("name", Map.of("first", "k"))), "name");
            refused(api.put("/repo/" + repo, Map.of("disabled", "yes")), "disabled");
            refused(api.put("/repo/" + repo, Map.of("repoAiLlms", Map.of("aiLlmId", llm))), "repoAiLlms");
            refused(api.post("/policy", body("name", "p", "content", "No cards.", "riskType", "LOW", "actionType", "2",
                    "workspaceId", ws)), "actionType");
            refused(api.post("/policy", body("name", "p", "content", "No cards.", "riskType", "LOW", "actionType", 2,
                    "enabled", 1, "workspaceId", ws)), "enabled");
            refused(api.put("/organization/" + server.owner().orgId() + "/settings", Map.of("failOpen", "true")), "failOpen");
            refused(api.put("/organization/" + server.owner().orgId() + "/settings", Map.of("webhooks", "https://x.test")), "webhooks");
            refused(api.post("/ai/llm", Map.of("workspaceId", ws, "name", "x", "aiType", List.of("OPENAI"))), "aiType");
            refused(api.post("/user/tokens", Map.of("name", "t", "expiresAt", true)), "expiresAt");
        }
    }
}
