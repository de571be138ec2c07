package io.gatehouse.platform.audit;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What an audit event is about; written on the wire in lower case, as in the reference API. */
public enum AuditContext {
    ORG, ORGSETTINGS, USER, SESSION, TOKEN, WORKSPACE, WORKSPACEUSER, REPO, AILLM, AILLMAPIKEY, POLICY, MASTERKEY;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
