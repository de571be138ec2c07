package io.gatehouse.testing;

import io.gatehouse.store.ChangeFeed;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Policies and organization settings made through the Platform API (and, between tests, all of them removed at once
 * in the store), each change waited for until the gateway's snapshot has it; and the violation and alert rows the
 * engine wrote, read back by request id.
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

    /**
     * Creates a policy through the Platform API ({@code action}: 0 log, 1 alert, 2 block, 3 redact) and waits until the
     * gateway's snapshot has it.
     */
    public static String policy(TestServer server, Scope scope, String name, String content, String risk, int action) {
        String id = PlatformCalls.policy(server.owner().api(), scope.workspaceId(), scope.repoId(), name, content, risk, action);
        awaitSnapshot(server);
        return id;
    }

    /**
     * Stores an organization policy the way rules created before the judge check were stored, without the Platform
     * API (which now refuses a BLOCK/REDACT rule needing an absent judge): for what the engine does with such rules.
     */
    public static void storedBeforeTheJudgeCheck(TestServer server, String name, String content, int action) {
        TestServer.Session owner = server.owner();
        change(server, h -> h.createUpdate("""
                        INSERT INTO policy (id, org_id, name, content, risk_type, action_type, enabled, created_by,
                            created_at, last_updated_by, last_updated_at)
                        VALUES (:id, :org, :name, :content, 'HIGH', :action, :on, :user, :now, :user, :now)""")
                .bind("id", java.util.UUID.randomUUID().toString()).bind("org", owner.orgId()).bind("name", name)
                .bind("content", content).bind("action", (short) action).bind("on", true).bind("user", owner.userId())
                .bind("now", java.time.Instant.now()).execute());
    }

    /** Removes every policy and every organization's settings and webhooks. */
    public static void clear(TestServer server) {
        change(server, h -> {
            h.createUpdate("DELETE FROM policy").execute();
            h.createUpdate("DELETE FROM org_settings").execute();
            h.createUpdate("DELETE FROM alert_webhook").execute();
        });
    }

    /** Sets the owner's organization's judge settings through the Platform API (null: none / the default). */
    public static void settings(TestServer server, String judgeAiLlmId, String judgeModel, Boolean failOpen,
                                boolean asyncJudge, Integer timeoutMs) {
        TestServer.Session owner = server.owner();
        HttpResult r = owner.api().put("/organization/" + owner.orgId() + "/settings", PlatformCalls.body(
                "judgeAiLlmId", judgeAiLlmId, "judgeModel", judgeModel, "failOpen", failOpen, "asyncJudge", asyncJudge,
                "judgeTimeoutMs", timeoutMs));
        if (r.status() != 200) {
            throw new AssertionError("settings not saved: " + r);
        }
        awaitSnapshot(server);
    }

    private static void change(TestServer server, org.jdbi.v3.core.HandleConsumer<RuntimeException> change) {
        var jdbi = server.node().database().jdbi();
        jdbi.useTransaction(h -> {
            change.useHandle(h);
            ChangeFeed.bump(h);
        });
        awaitSnapshot(server);
    }

    /** Waits until the gateway serves the store's current change-feed version. */
    public static void awaitSnapshot(TestServer server) {
        long version = ChangeFeed.version(server.node().database().jdbi());
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
        return GatewayWorld.query(server, "SELECT * FROM " + table + " WHERE request_id = ? ORDER BY policy_name", requestId);
    }
}
