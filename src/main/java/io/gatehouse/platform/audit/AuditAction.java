package io.gatehouse.platform.audit;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What happened, in the reference API's words. */
public enum AuditAction {
    CREATED, UPDATED, DELETED, VALIDATED, ROTATED, LOGIN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
