package io.gatehouse.testing;

import io.gatehouse.store.ChangeFeed;
import io.gatehouse.store.Ids;

import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Policies and organization settings written straight into the store (as the Platform API's {@code /policy} and
 * settings routes will), each change bumping the change feed and waiting until the gateway's snapshot has it; and
 * the violation and alert rows the engine wrote, read back by request id.
 */
public final class PolicyRows {
    private PolicyRows() {
    }

    /** Where a policy applies: the organization, one of its workspaces, or one repository (with its workspace). */
    public record Scope(String orgId, String workspaceId, String repoId) {
        public static Scope org(String orgId) {
            return new Scope(orgId, null, null);
        }
    }

    /** Inserts an enabled policy ({@code action}: 0 log, 1 alert, 2 block, 3 redact) and waits until it applies. */
    public static String policy(TestServer server, Scope scope, String name, String content, String risk, int action) {
        String id = Ids.newId();
        String user = server.owner().userId();
        change(server, h -> h.createUpdate("""
                INSERT INTO policy (id, org_id, workspace_id, repo_id, name, content, risk_type, action_type, enabled,
                    created_by, created_at, last_updated_by, last_updated_at)
                VALUES (:id, :org, :ws, :repo, :name, :content, :risk, :action, TRUE, :user, :now, :user, :now)""")
                .bind("id", id).bind("org", scope.orgId()).bind("ws", scope.workspaceId()).bind("repo", scope.repoId())
                .bind("name", name).bind("content", content).bind("risk", risk).bind("action", (short) action)
                .bind("user", user).bind("now", OffsetDateTime.now()).execute());
        return id;
    }

    /** Removes every policy and every organization's settings. */
    public static void clear(TestServer server) {
        change(server, h -> {
            h.createUpdate("DELETE FROM policy").execute();
            h.createUpdate("DELETE FROM org_settings").execute();
        });
    }

    /** Sets an organization's judge settings ({@code judgeAiLlmId}, {@code failOpen}, {@code timeoutMs} may be null). */
    public static void settings(TestServer server, String orgId, String judgeAiLlmId, String judgeModel, Boolean failOpen,
                                boolean asyncJudge, Integer timeoutMs) {
        change(server, h -> {
            h.createUpdate("DELETE FROM org_settings WHERE org_id = :org").bind("org", orgId).execute();
            h.createUpdate("""
                    INSERT INTO org_settings (org_id, judge_ai_llm_id, judge_model, fail_open, async_judge, judge_timeout_ms, updated_at)
                    VALUES (:org, :llm, :model, :failOpen, :async, :timeout, :now)""")
                    .bind("org", orgId).bind("llm", judgeAiLlmId).bind("model", judgeModel)
                    .bind("failOpen", failOpen).bind("async", asyncJudge).bind("timeout", timeoutMs)
                    .bind("now", OffsetDateTime.now()).execute();
        });
    }

    private static void change(TestServer server, org.jdbi.v3.core.HandleConsumer<RuntimeException> change) {
        var jdbi = server.node().database().jdbi();
        jdbi.useTransaction(h -> {
            change.useHandle(h);
            ChangeFeed.bump(h);
        });
        long version = ChangeFeed.version(jdbi);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> server.node().gatewaySnapshot().version() >= version);
    }

    /** The violation rows of a request (its {@code x-request-id}), once {@code count} of them are there. */
    public static List<Map<String, Object>> violations(TestServer server, String requestId, int count) {
        return rows(server, "policy_violation", requestId, count);
    }

    public static List<Map<String, Object>> alerts(TestServer server, String requestId, int count) {
        return rows(server, "policy_alert", requestId, count);
    }

    private static List<Map<String, Object>> rows(TestServer server, String table, String requestId, int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            rows.clear();
            rows.addAll(read(server, table, requestId));
            return rows.size() >= count;
        });
        return rows;
    }

    /** The rows now (for asserting that none were written: call after the request's usage row is there). */
    public static List<Map<String, Object>> read(TestServer server, String table, String requestId) throws SQLException {
        return GatewayWorld.query(server, "SELECT * FROM " + table + " WHERE conversation_id = ? ORDER BY policy_name", requestId);
    }
}
