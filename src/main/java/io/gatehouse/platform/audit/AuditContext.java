package io.gatehouse.platform.audit;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an audit event is about; written on the wire in lower case, as in the reference API. {@link #number()} is the
 * vendor client's index ({@code ContextTypeHelper.contextTypes}) for the contexts it knows; Gatehouse's own
 * contexts are numbered from 100, clear of any the vendor may add.
 */
public enum AuditContext {
    ORG(4), ORGSETTINGS(8), USER(3), SESSION(100), TOKEN(101), WORKSPACE(0), WORKSPACEUSER(5), REPO(2), AILLM(11),
    AILLMAPIKEY(12), POLICY(102), MASTERKEY(103), CONVERSATION(13), APIKEY(6), USERSETTINGS(7);

    private final int number;

    AuditContext(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static Optional<AuditContext> byNumber(int number) {
        return Arrays.stream(values()).filter(c -> c.number == number).findFirst();
    }

    /** Changes the data plane caches (and must therefore see on every node). */
    public boolean concernsGateway() {
        return switch (this) {
            case ORGSETTINGS, WORKSPACE, REPO, AILLM, AILLMAPIKEY, APIKEY, POLICY -> true;
            default -> false;
        };
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
