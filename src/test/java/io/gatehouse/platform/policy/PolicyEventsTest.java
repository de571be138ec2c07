package io.gatehouse.platform.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.Contract;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.gatehouse.testing.PlatformCalls.member;
import static io.gatehouse.testing.PlatformCalls.policy;
import static io.gatehouse.testing.PlatformCalls.repo;
import static io.gatehouse.testing.PlatformCalls.workspace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /policy/violations} and {@code /policy/alerts} (and their per-policy forms) over rows written with SQL as
 * the policy engine writes them: visibility by workspace membership, every filter, paging and bad input.
 */
@Tag("db")
class PolicyEventsTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static TestServer server;
    static Session owner;
    static Session reader;
    static Session rival;
    static String wsA;
    static String wsB;
    static String repoA;
    static String repoB;
    static String policyA;
    static String policyB;
    static String policyOrg;
    static List<String> violations = new ArrayList<>();
    static List<String> alerts = new ArrayList<>();

    /** One recorded event; {@code minutes} after T0, so a larger number is newer. */
    record Row(int minutes, String orgId, String workspaceId, String repoId, String policyId, String severity, boolean block,
               String llmType, String llmModel, String host) {
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        owner = server.owner();
        Api api = owner.api();
        wsA = workspace(api, "events-a");
        wsB = workspace(api, "events-b");
        repoA = repo(api, wsA, "repo-a");
        repoB = repo(api, wsB, "repo-b");
        policyA = policy(api, wsA, null, "no-emails", "No e-mail addresses", "HIGH", 2);
        policyB = policy(api, wsB, null, "no-phones", "No phone numbers", "LOW", 0);
        policyOrg = policy(api, null, null, "no-secrets", "No secrets", "MEDIUM", 1);
        reader = server.createUser(owner, 0);
        member(api, wsA, reader.userId(), "READ");
        rival = server.registerOrganization("Events Rival");

        List<Row> rows = List.of(
                new Row(0, owner.orgId(), wsA, repoA, policyA, "HIGH", true, "OPENAI", "gpt-4o", "api.openai.com"),
                new Row(1, owner.orgId(), wsA, repoA, policyOrg, "MEDIUM", false, "ANTHROPIC", "claude-sonnet-4", "api.anthropic.com"),
                new Row(2, owner.orgId(), wsB, repoB, policyB, "LOW", false, "OPENAI", "gpt-4o-mini", "api.openai.com"),
                new Row(3, owner.orgId(), wsB, repoB, policyOrg, "MEDIUM", true, "GOOGLE", "gemini-2.5-flash", "generativelanguage.googleapis.com"),
                new Row(4, owner.orgId(), wsA, repoA, policyA, "HIGH", false, "OPENAI", "gpt-4o", "llm.internal"),
                new Row(5, rival.orgId(), null, null, UUID.randomUUID().toString(), "HIGH", true, "OPENAI", "gpt-4o", "api.openai.com"));
        try (Connection c = server.database().connect()) {
            for (Row row : rows) {
                violations.add(insert(c, "policy_violation", row));
                alerts.add(insert(c, "policy_alert", row));
            }
        }
    }

    private static String insert(Connection c, String table, Row row) throws Exception {
        String id = UUID.randomUUID().toString();
        boolean violation = table.equals("policy_violation");
        String sql = violation
                ? "INSERT INTO policy_violation (id, org_id, workspace_id, policy_id, policy_name, ts, explanation, request_id,"
                + " conversation_id, repo_id, repo_name, user_id, api_key_id, api_key_name, severity, block, action_type, llm_type,"
                + " llm_model, host, direction, evaluator) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                : "INSERT INTO policy_alert (id, org_id, workspace_id, policy_id, policy_name, ts, message, request_id,"
                + " conversation_id, repo_id, repo_name, user_id, api_key_id, api_key_name, llm_type, llm_model, host, direction)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, id);
            s.setString(i++, row.orgId());
            s.setString(i++, row.workspaceId());
            s.setString(i++, row.policyId());
            s.setString(i++, "policy-" + row.minutes());
            server.database().setInstant(s, i++, T0.plusSeconds(60L * row.minutes()));
            s.setString(i++, "text " + row.minutes());
            s.setString(i++, "req-" + row.minutes());
            s.setString(i++, "conv-" + row.minutes());
            s.setString(i++, row.repoId());
            s.setString(i++, row.repoId() == null ? null : "repo-name");
            // An end user by e-mail on odd rows, by user id on even ones: both are the owner, a member.
            s.setString(i++, row.minutes() % 2 == 1 ? TestServer.OWNER_EMAIL.toUpperCase(java.util.Locale.ROOT) : owner.userId());
            s.setString(i++, "key-" + row.minutes());
            s.setString(i++, "key name");
            if (violation) {
                s.setString(i++, row.severity());
                s.setBoolean(i++, row.block());
                s.setShort(i++, (short) (row.block() ? 2 : 0));
            }
            s.setString(i++, row.llmType());
            s.setString(i++, row.llmModel());
            s.setString(i++, row.host());
            s.setString(i++, "INPUT");
            if (violation) {
                s.setString(i, "detector");
            }
            s.executeUpdate();
        }
        return id;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The ids of a list answer, asserting its envelope. */
    private static List<String> ids(HttpResult r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("success").asBoolean()).isTrue();
        List<String> out = new ArrayList<>();
        r.json().path(field).forEach(n -> out.add(n.path("id").asText()));
        assertThat(r.json().path("total").asLong()).isGreaterThanOrEqualTo(out.size());
        return out;
    }

    private static List<String> violations(Session as, String query) {
        return ids(as.api().get("/policy/violations" + query), "violations");
    }

    private static List<String> v(int... minutes) {
        return java.util.Arrays.stream(minutes).mapToObj(violations::get).toList();
    }

    private static List<String> a(int... minutes) {
        return java.util.Arrays.stream(minutes).mapToObj(alerts::get).toList();
    }

    @Test
    void managersSeeTheirOrganizationMembersTheirWorkspacesNewestFirst() {
        assertThat(violations(owner, "")).containsExactlyElementsOf(v(4, 3, 2, 1, 0));
        assertThat(violations(reader, "")).containsExactlyElementsOf(v(4, 1, 0));
        assertThat(violations(rival, "")).containsExactlyElementsOf(v(5));
        assertThat(ids(owner.api().get("/policy/alerts"), "alerts")).containsExactlyElementsOf(a(4, 3, 2, 1, 0));
        assertThat(ids(reader.api().get("/policy/alerts"), "alerts")).containsExactlyElementsOf(a(4, 1, 0));
        // Naming a workspace the caller cannot see narrows to nothing rather than revealing it.
        assertThat(violations(reader, "?workspaceId=" + wsB)).isEmpty();
        assertThat(violations(rival, "?workspaceId=" + wsA)).isEmpty();
    }

    @Test
    void rowsCarryTheReferenceFields() throws Exception {
        JsonNode row = owner.api().get("/policy/violations?take=1").json().path("violations").get(0);
        assertThat(row.path("id").asText()).isEqualTo(violations.get(4));
        assertThat(row.path("policyId").asText()).isEqualTo(policyA);
        assertThat(row.path("policyName").asText()).isEqualTo("policy-4");
        assertThat(row.path("timestamp").asText()).isEqualTo("2026-03-01T10:04:00Z");
        assertThat(row.path("explanation").asText()).isEqualTo("text 4");
        assertThat(row.path("conversationId").asText()).isEqualTo("conv-4");
        assertThat(row.path("requestId").asText()).isEqualTo("req-4");
        assertThat(row.path("repoId").asText()).isEqualTo(repoA);
        assertThat(row.path("repoName").asText()).isEqualTo("repo-name");
        assertThat(row.path("userId").asText()).isEqualTo(owner.userId());
        assertThat(row.path("userName").asText()).isEqualTo(ownerName());
        // The name is looked up among the members when read: by e-mail too (any case), and it follows a rename.
        JsonNode byEmail = owner.api().get("/policy/violations?requestId=req-1").json().path("violations").get(0);
        assertThat(byEmail.path("userId").asText()).isEqualTo(TestServer.OWNER_EMAIL.toUpperCase(java.util.Locale.ROOT));
        assertThat(byEmail.path("userName").asText()).isEqualTo(ownerName());
        Contract.check(owner.api().get("/policy/violations"), "policy/GetPolicyViolationsResponse.json");
        Contract.check(owner.api().get("/policy/alerts"), "policy/GetPolicyAlertsResponse.json");
        assertThat(row.path("repoAiApiKeyId").asText()).isEqualTo("key-4");
        assertThat(row.path("repoAiApiKeyName").asText()).isEqualTo("key name");
        assertThat(row.path("severity").asText()).isEqualTo("HIGH");
        assertThat(row.path("block").asBoolean()).isFalse();
        assertThat(row.path("llmType").asText()).isEqualTo("OPENAI");
        assertThat(row.path("llmModel").asText()).isEqualTo("gpt-4o");
        assertThat(row.path("host").asText()).isEqualTo("llm.internal");
        assertThat(row.path("direction").asText()).isEqualTo("INPUT");

        JsonNode alert = owner.api().get("/policy/alerts?take=1").json().path("alerts").get(0);
        assertThat(alert.path("message").asText()).isEqualTo("text 4");
        assertThat(alert.has("explanation")).isFalse();
        assertThat(alert.has("severity")).isFalse();
        assertThat(alert.has("block")).isFalse();
        assertThat(alert.path("repoAiApiKeyId").asText()).isEqualTo("key-4");
    }

    @Test
    void anEndUserWhoIsNoMemberHasNoName() throws Exception {
        try (Connection c = server.database().connect();
             PreparedStatement s = c.prepareStatement("UPDATE policy_violation SET user_id = 'customer-42' WHERE request_id = 'req-0'")) {
            s.executeUpdate();
        }
        try {
            JsonNode row = owner.api().get("/policy/violations?userId=customer-42").json().path("violations").get(0);
            assertThat(row.path("requestId").asText()).isEqualTo("req-0");
            assertThat(row.path("userName").isNull()).isTrue();
        } finally {
            try (Connection c = server.database().connect();
                 PreparedStatement s = c.prepareStatement("UPDATE policy_violation SET user_id = ? WHERE request_id = 'req-0'")) {
                s.setString(1, owner.userId());
                s.executeUpdate();
            }
        }
    }

    @Test
    void filtersAreOrWithinAndAcross() {
        assertThat(violations(owner, "?severity=high,low")).containsExactlyElementsOf(v(4, 2, 0));
        assertThat(violations(owner, "?severity=MEDIUM&block=true")).containsExactlyElementsOf(v(3));
        assertThat(violations(owner, "?block=false")).containsExactlyElementsOf(v(4, 2, 1));
        assertThat(violations(owner, "?block=true,false")).containsExactlyElementsOf(v(4, 3, 2, 1, 0));
        assertThat(violations(owner, "?llmType=openai")).containsExactlyElementsOf(v(4, 2, 0));
        assertThat(violations(owner, "?llmType=OPENAI&host=api.openai.com")).containsExactlyElementsOf(v(2, 0));
        assertThat(violations(owner, "?llmModel=gpt-4o,gemini-2.5-flash")).containsExactlyElementsOf(v(4, 3, 0));
        assertThat(violations(owner, "?repoId=" + repoB)).containsExactlyElementsOf(v(3, 2));
        assertThat(violations(owner, "?workspaceId=" + wsA + "," + wsB + "&policyId=" + policyOrg)).containsExactlyElementsOf(v(3, 1));
        assertThat(violations(owner, "?policyId=" + policyA + "&policyId=" + policyB)).containsExactlyElementsOf(v(4, 2, 0));
        assertThat(violations(owner, "?from=2026-03-01T10:01:00Z&to=2026-03-01T10:03:00Z")).containsExactlyElementsOf(v(3, 2, 1));
        assertThat(violations(owner, "?from=2026-03-01T11:01:00%2B01:00")).containsExactlyElementsOf(v(4, 3, 2, 1));
        assertThat(violations(reader, "?policyId=" + policyB)).isEmpty();

        assertThat(ids(owner.api().get("/policy/alerts?llmType=OPENAI&repoId=" + repoA), "alerts")).containsExactlyElementsOf(a(4, 0));
        assertThat(ids(owner.api().get("/policy/alerts?to=2026-03-01T10:00:00Z"), "alerts")).containsExactlyElementsOf(a(0));
    }

    @Test
    void perPolicyFormsRequireAVisiblePolicy() {
        assertThat(ids(owner.api().get("/policy/" + policyA + "/violations"), "violations")).containsExactlyElementsOf(v(4, 0));
        assertThat(ids(owner.api().get("/policy/" + policyOrg + "/alerts?repoId=" + repoB), "alerts")).containsExactlyElementsOf(a(3));
        // The organization policy is visible to the reader, but only its rows in the reader's workspaces are.
        assertThat(ids(reader.api().get("/policy/" + policyOrg + "/violations"), "violations")).containsExactlyElementsOf(v(1));
        assertThat(reader.api().get("/policy/" + policyB + "/violations").status()).isEqualTo(404);
        assertThat(reader.api().get("/policy/" + policyB + "/alerts").status()).isEqualTo(404);
        assertThat(owner.api().get("/policy/" + UUID.randomUUID() + "/violations").status()).isEqualTo(404);
        assertThat(owner.api().get("/policy/nope/alerts").status()).isEqualTo(404);
    }

    @Test
    void pagesKeepTheTotal() {
        HttpResult page = owner.api().get("/policy/violations?skip=1&take=2");
        assertThat(ids(page, "violations")).containsExactlyElementsOf(v(3, 2));
        assertThat(page.json().path("total").asLong()).isEqualTo(5);
        assertThat(page.json().path("skip").asInt()).isEqualTo(1);
        assertThat(page.json().path("take").asInt()).isEqualTo(2);
        HttpResult defaults = owner.api().get("/policy/alerts");
        assertThat(defaults.json().path("take").asInt()).isEqualTo(50);
        assertThat(defaults.json().path("skip").asInt()).isZero();
        assertThat(ids(owner.api().get("/policy/alerts?skip=5"), "alerts")).isEmpty();
    }

    @Test
    void badFiltersAreRefused() {
        for (String query : List.of("take=0", "take=101", "skip=-1", "take=ten", "from=yesterday", "to=2026-13-01T00:00:00Z",
                "from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "severity=EXTREME", "block=maybe")) {
            HttpResult r = owner.api().get("/policy/violations?" + query);
            assertThat(r.status()).as(query + " -> " + r).isEqualTo(400);
            assertThat(r.json().path("success").asBoolean()).isFalse();
        }
        HttpResult severity = owner.api().get("/policy/alerts?severity=HIGH");
        assertThat(severity.status()).isEqualTo(400);
        assertThat(severity.text("message")).contains("Alerts have no severity");
        assertThat(owner.api().get("/policy/alerts?block=true").status()).isEqualTo(400);
        assertThat(server.admin().get("/policy/violations").status()).isEqualTo(401);
    }

    private static String ownerName() throws Exception {
        var user = GatewayWorld.query(server, "SELECT name, last_name FROM app_user WHERE id = ?", owner.userId()).getFirst();
        return (user.get("name") + " " + user.get("last_name")).trim();
    }
}
