package io.gatehouse.platform.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.gatehouse.testing.PlatformCalls.body;
import static io.gatehouse.testing.PlatformCalls.member;
import static io.gatehouse.testing.PlatformCalls.policy;
import static io.gatehouse.testing.PlatformCalls.repo;
import static io.gatehouse.testing.PlatformCalls.workspace;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /policy}: the three scopes, the roles at each, two tenants, and bad input. */
@Tag("db")
class PolicyResourceTest {
    static TestServer server;
    static Session owner;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.owner();
        api = owner.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> rule(String name, Object... scope) {
        Map<String, Object> body = body(scope);
        body.putAll(Map.of("name", name, "content", "Never send customer e-mail addresses to the model",
                "riskType", "HIGH", "actionType", 2));
        return body;
    }

    private static List<String> ids(HttpResult list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        list.json().path("policies").forEach(p -> out.add(p.path("id").asText()));
        return out;
    }

    private static long changeFeed() throws Exception {
        try (Connection c = server.database().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT version FROM change_feed WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anOrganizationPolicyIsCreatedReadChangedAndDeletedWithAuditAndChangeFeed() throws Exception {
        long feed = changeFeed();
        HttpResult created = api.post("/policy", body("name", "No e-mails", "content", "Never send e-mail addresses",
                "riskType", "medium", "actionType", 1, "orgId", owner.orgId()));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String id = created.text("policyId");
        JsonNode p = created.json().path("policy");
        assertThat(p.path("id").asText()).isEqualTo(id);
        assertThat(p.path("orgId").asText()).isEqualTo(owner.orgId());
        assertThat(p.path("workspaceId").isNull()).isTrue();
        assertThat(p.path("repoId").isNull()).isTrue();
        assertThat(p.path("scope").asText()).isEqualTo("ORGANIZATION");
        assertThat(p.path("riskType").asText()).isEqualTo("MEDIUM");
        assertThat(p.path("actionType").asInt()).isEqualTo(1);
        assertThat(p.path("enabled").asBoolean()).isTrue();
        assertThat(p.path("createdBy").path("id").asText()).isEqualTo(owner.userId());
        assertThat(p.path("createdBy").path("email").asText()).isEqualTo(owner.email());
        assertThat(p.path("lastUpdatedBy").path("id").asText()).isEqualTo(owner.userId());
        assertThat(p.path("createdAt").asText()).endsWith("Z");
        assertThat(changeFeed()).isGreaterThan(feed);

        assertThat(api.get("/policy/" + id).json().path("policy")).isEqualTo(p);
        assertThat(ids(api.get("/policy?orgId=" + owner.orgId()))).contains(id);

        Session admin = server.createUser(owner, 254);
        HttpResult changed = admin.api().put("/policy/" + id, body("enabled", false, "actionType", 3, "name", "No e-mail addresses"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        JsonNode after = changed.json().path("policy");
        assertThat(after.path("enabled").asBoolean()).isFalse();
        assertThat(after.path("actionType").asInt()).isEqualTo(3);
        assertThat(after.path("name").asText()).isEqualTo("No e-mail addresses");
        assertThat(after.path("content").asText()).isEqualTo("Never send e-mail addresses");
        assertThat(after.path("createdBy").path("id").asText()).isEqualTo(owner.userId());
        assertThat(after.path("lastUpdatedBy").path("id").asText()).isEqualTo(admin.userId());
        // Sending what is already there changes nothing and records nothing.
        assertThat(admin.api().put("/policy/" + id, body("enabled", false)).status()).isEqualTo(200);

        assertThat(api.delete("/policy/" + id).status()).isEqualTo(200);
        assertThat(api.get("/policy/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/policy/" + id).status()).isEqualTo(404);

        JsonNode events = api.get("/systemevent?context=policy&contextId=" + id).json().path("events");
        assertThat(events.findValuesAsText("event")).containsExactly("deleted", "updated", "created");
        assertThat(events.get(1).path("details").path("changed").toString()).contains("name", "actionType", "enabled")
                .doesNotContain("content");
        // The old and new values of what changed, and only of that.
        JsonNode update = events.get(1).path("details");
        assertThat(update.path("after").path("name").asText()).isEqualTo("No e-mail addresses");
        assertThat(update.path("after").path("actionType").asInt()).isEqualTo(3);
        assertThat(update.path("before").path("enabled").asBoolean()).isTrue();
        assertThat(update.path("after").path("enabled").asBoolean()).isFalse();
        assertThat(update.path("before").has("content")).isFalse();
        assertThat(events.get(2).path("details").path("scope").asText()).isEqualTo("ORGANIZATION");
    }

    @Test
    void rolesDecideAtEachScope() {
        String ws = workspace(api, "policy-roles");
        String repoId = repo(api, ws, "policy-roles-repo");
        Session reader = server.createUser(owner, 0);
        Session writer = server.createUser(owner, 0);
        Session wsAdmin = server.createUser(owner, 0);
        Session outsider = server.createUser(owner, 0);
        Session orgAdmin = server.createUser(owner, 254);
        member(api, ws, reader.userId(), "READ");
        member(api, ws, writer.userId(), "WRITE");
        member(api, ws, wsAdmin.userId(), "ADMIN");

        // Organization scope: only owners and administrators change; every member reads.
        assertThat(wsAdmin.api().post("/policy", rule("org-by-ws-admin")).status()).isEqualTo(403);
        assertThat(writer.api().post("/policy", rule("org-by-writer", "orgId", owner.orgId())).status()).isEqualTo(403);
        String orgPolicy = policy(orgAdmin.api(), null, null, "org-wide", "No API keys", "HIGH", 2);
        assertThat(outsider.api().get("/policy/" + orgPolicy).status()).isEqualTo(200);
        assertThat(wsAdmin.api().put("/policy/" + orgPolicy, body("enabled", false)).status()).isEqualTo(403);
        assertThat(wsAdmin.api().delete("/policy/" + orgPolicy).status()).isEqualTo(403);

        // Workspace scope: READ reads, WRITE creates and changes, ADMIN deletes; non-members see nothing.
        assertThat(reader.api().post("/policy", rule("ws-by-reader", "workspaceId", ws)).status()).isEqualTo(403);
        assertThat(outsider.api().post("/policy", rule("ws-by-outsider", "workspaceId", ws)).status()).isEqualTo(404);
        String wsPolicy = policy(writer.api(), ws, null, "ws-rule", "No phone numbers", "LOW", 0);
        assertThat(reader.api().get("/policy/" + wsPolicy).json().path("policy").path("workspace").path("name").asText())
                .isEqualTo("policy-roles");
        assertThat(reader.api().put("/policy/" + wsPolicy, body("name", "renamed")).status()).isEqualTo(403);
        assertThat(writer.api().put("/policy/" + wsPolicy, body("name", "renamed")).status()).isEqualTo(200);
        assertThat(writer.api().delete("/policy/" + wsPolicy).status()).isEqualTo(403);
        assertThat(outsider.api().get("/policy/" + wsPolicy).status()).isEqualTo(404);
        assertThat(outsider.api().put("/policy/" + wsPolicy, body("name", "x")).status()).isEqualTo(404);
        assertThat(outsider.api().delete("/policy/" + wsPolicy).status()).isEqualTo(404);

        // Repository scope: the repository's workspace decides, and the policy carries that workspace.
        assertThat(reader.api().post("/policy", rule("repo-by-reader", "repoId", repoId)).status()).isEqualTo(403);
        assertThat(outsider.api().post("/policy", rule("repo-by-outsider", "repoId", repoId)).status()).isEqualTo(404);
        HttpResult repoCreated = writer.api().post("/policy", rule("repo-rule", "repoId", repoId, "workspaceId", ws));
        assertThat(repoCreated.status()).as(repoCreated.toString()).isEqualTo(200);
        JsonNode repoPolicy = repoCreated.json().path("policy");
        assertThat(repoPolicy.path("workspaceId").asText()).isEqualTo(ws);
        assertThat(repoPolicy.path("repoId").asText()).isEqualTo(repoId);
        assertThat(repoPolicy.path("scope").asText()).isEqualTo("REPOSITORY");
        assertThat(repoPolicy.path("repo").path("name").asText()).isEqualTo("policy-roles-repo");
        String repoPolicyId = repoPolicy.path("id").asText();

        // Lists: members see the organization's and their workspaces' policies; non-members only the organization's.
        String all = "/policy?take=100&orgId=" + owner.orgId();
        assertThat(ids(reader.api().get(all))).contains(orgPolicy, wsPolicy, repoPolicyId);
        assertThat(ids(outsider.api().get(all))).contains(orgPolicy).doesNotContain(wsPolicy, repoPolicyId);
        assertThat(ids(reader.api().get(all + "&workspaceId=" + ws))).containsExactly(repoPolicyId, wsPolicy);
        assertThat(ids(reader.api().get(all + "&repoId=" + repoId))).containsExactly(repoPolicyId);
        assertThat(ids(reader.api().get(all + "&workspaceId=" + ws + "&scope=workspace"))).containsExactly(wsPolicy);
        assertThat(ids(reader.api().get(all + "&scope=ORGANIZATION"))).contains(orgPolicy).doesNotContain(wsPolicy, repoPolicyId);
        assertThat(outsider.api().get(all + "&workspaceId=" + ws).status()).isEqualTo(404);
        assertThat(outsider.api().get(all + "&repoId=" + repoId).status()).isEqualTo(404);

        assertThat(wsAdmin.api().delete("/policy/" + wsPolicy).status()).isEqualTo(200);
        assertThat(orgAdmin.api().delete("/policy/" + repoPolicyId).status()).isEqualTo(200);
        assertThat(orgAdmin.api().delete("/policy/" + orgPolicy).status()).isEqualTo(200);
    }

    @Test
    void anotherTenantsPoliciesAnswer404() {
        Session other = server.registerOrganization("Policy Rival");
        String otherWs = server.defaultWorkspace(other);
        String otherRepo = repo(other.api(), otherWs, "rival-repo");
        String otherOrgPolicy = policy(other.api(), null, null, "rival-org", "No e-mail addresses", "HIGH", 2);
        String otherRepoPolicy = policy(other.api(), null, otherRepo, "rival-repo", "No e-mail addresses", "HIGH", 2);

        for (String id : List.of(otherOrgPolicy, otherRepoPolicy)) {
            assertThat(api.get("/policy/" + id).status()).isEqualTo(404);
            assertThat(api.put("/policy/" + id, body("name", "hijacked")).status()).isEqualTo(404);
            assertThat(api.delete("/policy/" + id).status()).isEqualTo(404);
            assertThat(api.get("/policy/" + id + "/violations").status()).isEqualTo(404);
            assertThat(api.get("/policy/" + id + "/alerts").status()).isEqualTo(404);
        }
        assertThat(api.post("/policy", rule("x", "orgId", other.orgId())).status()).isEqualTo(404);
        assertThat(api.post("/policy", rule("x", "workspaceId", otherWs)).status()).isEqualTo(404);
        assertThat(api.post("/policy", rule("x", "repoId", otherRepo)).status()).isEqualTo(404);
        assertThat(api.get("/policy?orgId=" + other.orgId()).status()).isEqualTo(404);
        assertThat(ids(api.get("/policy?take=100&orgId=" + owner.orgId()))).doesNotContain(otherOrgPolicy, otherRepoPolicy);
        assertThat(ids(other.api().get("/policy?orgId=" + other.orgId()))).containsExactlyInAnyOrder(otherOrgPolicy, otherRepoPolicy);
    }

    @Test
    void badInputIsRefusedWithClearMessages() {
        String ws = workspace(api, "policy-bad-input");
        String repoId = repo(api, ws, "bad-input-repo");
        String otherWs = workspace(api, "policy-bad-input-2");
        HttpResult malformed = api.send("POST", "/policy", "{\"name\": ", "application/json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text("message")).contains("Malformed JSON");
        assertThat(api.send("POST", "/policy", "[]", "application/json").status()).isEqualTo(400);

        record Case(Map<String, Object> body, int status, String message) {
        }
        List<Case> refused = List.of(
                new Case(body("content", "c", "riskType", "LOW", "actionType", 0), 400, "name is required"),
                new Case(body("name", "n", "riskType", "LOW", "actionType", 0), 400, "content is required"),
                new Case(body("name", "n", "content", "c", "actionType", 0), 400, "riskType is required"),
                new Case(body("name", "n", "content", "c", "riskType", "LOW"), 400, "actionType is required"),
                new Case(body("name", 42, "content", "c", "riskType", "LOW", "actionType", 0), 400, "'name' must be a string"),
                new Case(body("name", "n", "content", "c", "riskType", "EXTREME", "actionType", 0), 400, "LOW, MEDIUM or HIGH"),
                new Case(body("name", "n", "content", "c", "riskType", "LOW", "actionType", 7), 400, "0 (log), 1 (alert), 2 (block) or 3 (redact)"),
                new Case(body("name", "n", "content", "c", "riskType", "LOW", "actionType", "2"), 400, "'actionType' must be a whole number"),
                new Case(body("name", "n", "content", "c", "riskType", "LOW", "actionType", 1.5), 400, "actionType"),
                new Case(body("name", "n", "content", "c", "riskType", "LOW", "actionType", 0, "enabled", "yes"), 400, "'enabled' must be true or false"),
                new Case(body("name", "x".repeat(201), "content", "c", "riskType", "LOW", "actionType", 0), 422, "at most 200"),
                new Case(body("name", "n", "content", "c".repeat(8001), "riskType", "LOW", "actionType", 0), 422, "at most 8000"),
                new Case(body("name", "  ", "content", "c", "riskType", "LOW", "actionType", 0), 400, "name is required"),
                new Case(rule("n", "workspaceId", UUID.randomUUID().toString()), 404, "Workspace not found"),
                new Case(rule("n", "workspaceId", "not-an-id"), 404, "Workspace not found"),
                new Case(rule("n", "repoId", UUID.randomUUID().toString()), 404, "Repository not found"),
                new Case(rule("n", "orgId", UUID.randomUUID().toString()), 404, "Organization not found"),
                new Case(rule("n", "repoId", repoId, "workspaceId", otherWs), 422, "another workspace"));
        for (Case c : refused) {
            HttpResult r = api.post("/policy", c.body());
            assertThat(r.status()).as(c + " -> " + r).isEqualTo(c.status());
            assertThat(r.text("message")).as(c.toString()).contains(c.message());
            assertThat(r.json().path("success").asBoolean()).isFalse();
        }

        String id = policy(api, ws, null, "bad-input", "No IBANs", "LOW", 0);
        assertThat(api.put("/policy/" + id, body("name", " ")).status()).isEqualTo(422);
        assertThat(api.put("/policy/" + id, body("riskType", "SEVERE")).status()).isEqualTo(400);
        assertThat(api.put("/policy/" + id, body("actionType", -1)).status()).isEqualTo(400);
        HttpResult moved = api.put("/policy/" + id, body("workspaceId", otherWs));
        assertThat(moved.status()).isEqualTo(422);
        assertThat(moved.text("message")).contains("scope cannot be changed");
        assertThat(api.put("/policy/" + id, body("workspaceId", ws, "content", "No IBANs at all")).status()).isEqualTo(200);

        assertThat(api.get("/policy").text("message")).contains("orgId is required");
        assertThat(api.get("/policy?orgId=" + owner.orgId() + "&scope=galaxy").status()).isEqualTo(400);
        assertThat(api.get("/policy?orgId=" + owner.orgId() + "&take=101").status()).isEqualTo(400);
        assertThat(api.get("/policy?orgId=" + owner.orgId() + "&workspaceId=nope").status()).isEqualTo(404);
        assertThat(api.get("/policy/not-a-policy").status()).isEqualTo(404);
        assertThat(api.get("/policy/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.put("/policy/" + UUID.randomUUID(), body("name", "x")).status()).isEqualTo(404);
    }

    @Test
    void deletingARepositoryOrWorkspaceDeletesTheirPolicies() {
        String ws = workspace(api, "policy-cascade");
        String repoId = repo(api, ws, "cascade-repo");
        String repoPolicy = policy(api, null, repoId, "repo-rule", "No SSNs", "HIGH", 2);
        String wsPolicy = policy(api, ws, null, "ws-rule", "No SSNs", "HIGH", 2);

        assertThat(api.delete("/repo/" + repoId).status()).isEqualTo(200);
        assertThat(api.get("/policy/" + repoPolicy).status()).isEqualTo(404);
        assertThat(api.get("/policy/" + wsPolicy).status()).isEqualTo(200);
        HttpResult deleted = api.delete("/workspace/" + ws);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(api.get("/policy/" + wsPolicy).status()).isEqualTo(404);
    }
}
