package io.gatehouse.platform.audit;

import io.gatehouse.model.Actor;
import io.gatehouse.platform.Json;
import io.gatehouse.store.ChangeFeed;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the audit log ({@code /systemevent}) inside the transaction of the change it records, so a change
 * and its event are stored together or not at all. Details never hold a secret: fields whose names speak
 * of secrets or passwords are dropped here as a last line of defence. Since every change passes through here,
 * this is also where changes the gateway caches bump the {@link ChangeFeed}.
 */
public final class AuditLog {
    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    /** One change, with the fields worth keeping (names, ids, what changed) as details. */
    public record Entry(String orgId, String workspaceId, String actorUserId, AuditContext context, String contextId,
                        AuditAction action, Map<String, ?> details) {
    }

    public static Entry by(Actor actor, String workspaceId, AuditContext context, String contextId,
                           AuditAction action, Map<String, ?> details) {
        return new Entry(actor.orgId(), workspaceId, actor.userId(), context, contextId, action, details);
    }

    public void record(Handle handle, Entry entry) {
        handle.createUpdate("""
                        INSERT INTO system_event (ts, org_id, workspace_id, actor_user_id, context, context_id, event, details)
                        VALUES (:ts, :orgId, :workspaceId, :actor, :context, :contextId, :event, :details)""")
                .bind("ts", Instant.now(clock))
                .bind("orgId", entry.orgId())
                .bind("workspaceId", entry.workspaceId())
                .bind("actor", entry.actorUserId())
                .bind("context", entry.context().wire())
                .bind("contextId", entry.contextId())
                .bind("event", entry.action().wire())
                .bind("details", Json.write(withoutSecrets(entry.details())))
                .execute();
        if (entry.context().concernsGateway()) {
            ChangeFeed.bump(handle);
        }
    }

    static Map<String, Object> withoutSecrets(Map<String, ?> details) {
        Map<String, Object> safe = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((k, v) -> {
                String name = k.toLowerCase(Locale.ROOT);
                if (!name.contains("secret") && !name.contains("password")) {
                    safe.put(k, v);
                }
            });
        }
        return safe;
    }
}
