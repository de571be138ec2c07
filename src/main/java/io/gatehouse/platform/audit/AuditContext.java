package io.gatehouse.platform.audit;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What an audit event is about; written on the wire in lower case, as in the reference API. */
public enum AuditContext {
    ORG, ORGSETTINGS, USER, SESSION, TOKEN, WORKSPACE, WORKSPACEUSER, REPO, AILLM, AILLMAPIKEY, POLICY, MASTERKEY, CONVERSATION;

    /** Changes the data plane caches (and must therefore see on every node). */
    public boolean concernsGateway() {
        return switch (this) {
            case ORGSETTINGS, WORKSPACE, REPO, AILLM, AILLMAPIKEY, POLICY -> true;
            default -> false;
        };
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
