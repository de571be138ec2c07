package io.gatehouse.console;

import io.gatehouse.console.view.AuditEvent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit log: what was changed, by whom, filterable and paged, from {@code /systemevent}. */
final class AuditPages {
    static final List<String> CONTEXTS = List.of("WORKSPACE", "WORKSPACEUSER", "AILLM", "REPO", "AILLMAPIKEY", "POLICY",
            "ORGSETTINGS", "SESSION", "USER", "TOKEN", "ORG", "MASTERKEY");
    static final List<String> EVENTS = List.of("CREATED", "UPDATED", "DELETED", "VALIDATED", "ROTATED", "LOGIN");

    void register(ConsoleRoutes routes) {
        routes.page("/ui/w/:ws/audit", this::audit);
    }

    private ConsoleReply audit(ConsoleCall call) {
        Frame frame = call.frame("audit");
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("context", pick(call.query("context"), CONTEXTS));
        filters.put("event", pick(call.query("event"), EVENTS));
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("workspaceId", frame.workspace().id());
        query.put("skip", Pager.skipOf(call));
        query.put("take", Integer.toString(Pager.TAKE));
        var answer = call.api().read("/systemevent", query);
        return call.page("audit", frame, "events", answer.list("events", AuditEvent.class), "filters", filters,
                "contexts", CONTEXTS, "eventNames", EVENTS, "pager", Pager.of(answer, frame.base() + "/audit", filters));
    }

    /** A filter value only when it is one of the known ones (anything else is dropped, not sent on). */
    static String pick(String value, List<String> allowed) {
        return allowed.contains(value) ? value : "";
    }
}
