package io.gatehouse.console.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One audit event ({@code /systemevent}): who changed what, with the change's details, told in words ("Jane
 * changed policy <em>No emails</em>: rule") with the old and new values an update recorded.
 */
public record AuditEvent(Instant timestamp, String userName, String userEmail, String context, String contextId,
                         String event, Map<String, Object> details) {
    private static final Map<String, String> THINGS = Map.ofEntries(Map.entry("WORKSPACE", "workspace"),
            Map.entry("WORKSPACEUSER", "a member of workspace"), Map.entry("AILLM", "configuration"),
            Map.entry("REPO", "repository"), Map.entry("AILLMAPIKEY", "key"), Map.entry("POLICY", "policy"),
            Map.entry("ORGSETTINGS", "the organization's settings"), Map.entry("SESSION", "a session"),
            Map.entry("USER", "user"), Map.entry("TOKEN", "token"), Map.entry("ORG", "organization"),
            Map.entry("MASTERKEY", "the master key"));
    private static final Map<String, String> VERBS = Map.of("CREATED", "created", "UPDATED", "changed",
            "DELETED", "deleted", "VALIDATED", "validated", "ROTATED", "rotated", "LOGIN", "signed in to");
    private static final Map<String, String> FIELDS = Map.of("content", "rule", "name", "name", "riskType", "risk",
            "actionType", "action", "enabled", "enabled");
    private static final List<String> ACTIONS = List.of("Log", "Alert", "Block", "Redact");

    /** What changed: a field in words, and its old and new values. */
    public record Change(String field, String before, String after) {
    }

    /** The area of an audit event ({@code WORKSPACE}, {@code POLICY}, …) in words. */
    public static String thing(String context) {
        return THINGS.getOrDefault(context.toUpperCase(Locale.ROOT), context.toLowerCase(Locale.ROOT));
    }

    public String who() {
        return userName != null && !userName.isBlank() ? userName : userEmail != null ? userEmail : "Gatehouse";
    }

    public String verb() {
        return VERBS.getOrDefault(event.toUpperCase(Locale.ROOT), event.toLowerCase(Locale.ROOT));
    }

    public String thing() {
        return thing(context);
    }

    /** The name the event recorded for what it changed, when it did. */
    public String name() {
        return details.get("name") instanceof String name ? name : null;
    }

    /** The fields an update changed, in words ("rule, action"); empty when it did not say. */
    public String changed() {
        if (!(details.get("changed") instanceof List<?> fields)) {
            return details.get("changed") instanceof String field ? FIELDS.getOrDefault(field, field) : "";
        }
        return String.join(", ", fields.stream().map(f -> FIELDS.getOrDefault(String.valueOf(f), String.valueOf(f))).toList());
    }

    /** The old and new values an update recorded. */
    public List<Change> changes() {
        List<Change> changes = new ArrayList<>();
        if (details.get("before") instanceof Map<?, ?> before && details.get("after") instanceof Map<?, ?> after) {
            for (Object field : after.keySet()) {
                String name = String.valueOf(field);
                changes.add(new Change(FIELDS.getOrDefault(name, name), value(name, before.get(field)), value(name, after.get(field))));
            }
        }
        return changes;
    }

    private static String value(String field, Object value) {
        if (field.equals("actionType") && value instanceof Number code && code.intValue() >= 0 && code.intValue() < ACTIONS.size()) {
            return ACTIONS.get(code.intValue());
        }
        if (field.equals("enabled") && value instanceof Boolean on) {
            return on ? "enabled" : "disabled";
        }
        return value == null ? "" : String.valueOf(value);
    }
}
