package io.gatehouse.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Short-hands for the Platform API calls many tests make, each asserting success and returning the new id. */
public final class PlatformCalls {
    private PlatformCalls() {
    }

    /** A JSON object body from name/value pairs; values may be null (a {@code Map.of} cannot hold null). */
    public static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    public static String workspace(Api api, String name) {
        return created(api.post("/workspace", Map.of("name", name))).path("workspace").path("id").asText();
    }

    /** An AI LLM configuration; {@code endpoint} and {@code secret} may be null. */
    public static String aiLlm(Api api, String workspaceId, String name, String aiType, String endpoint, String secret) {
        Map<String, Object> body = new HashMap<>();
        body.put("workspaceId", workspaceId);
        body.put("name", name);
        body.put("aiType", aiType);
        if (endpoint != null) {
            body.put("endpoint", endpoint);
        }
        if (secret != null) {
            body.put("secret", secret);
        }
        return created(api.post("/ai/llm", body)).path("aiLlmId").asText();
    }

    public static HttpResult validate(Api api, String aiLlmId) {
        HttpResult r = api.post("/ai/llm/" + aiLlmId + "/validate", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    public static String repo(Api api, String workspaceId, String name, String... aiLlmIds) {
        List<Map<String, String>> attach = java.util.Arrays.stream(aiLlmIds).map(id -> Map.of("aiLlmId", id)).toList();
        return created(api.post("/repo", Map.of("name", name, "workspaceId", workspaceId, "repoAiLlms", attach))).path("repoId").asText();
    }

    /** A repo key's creating answer (the only one holding its secret). */
    public static HttpResult repoKey(Api api, String repoId, String name) {
        HttpResult r = api.post("/repo/" + repoId + "/ai/apikey", Map.of("name", name));
        created(r);
        return r;
    }

    /**
     * A policy at the scope the ids name (both null: the organization's); riskType LOW|MEDIUM|HIGH, actionType
     * 0 log, 1 alert, 2 block, 3 redact.
     */
    public static String policy(Api api, String workspaceId, String repoId, String name, String content, String riskType,
                                int actionType) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "content", content, "riskType", riskType,
                "actionType", actionType));
        if (workspaceId != null) {
            body.put("workspaceId", workspaceId);
        }
        if (repoId != null) {
            body.put("repoId", repoId);
        }
        return created(api.post("/policy", body)).path("policyId").asText();
    }

    public static void member(Api admin, String workspaceId, String userId, String role) {
        created(admin.post("/workspace/" + workspaceId + "/users", Map.of("userId", userId, "role", role)));
    }

    private static com.fasterxml.jackson.databind.JsonNode created(HttpResult r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("success").asBoolean()).as(r.toString()).isTrue();
        return r.json();
    }
}
