package io.gatehouse.console.view;

import java.time.Instant;

/** One audit event ({@code /systemevent}): who changed what, with the change's details as JSON text. */
public record AuditEvent(Instant timestamp, String userName, String userEmail, String context, String contextId,
                         String event, String jsonData) {
}
