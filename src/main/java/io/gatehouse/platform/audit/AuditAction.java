package io.gatehouse.platform.audit;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What happened, in the reference API's words. {@link #number()} is the vendor client's index
 * ({@code EventTypeHelper.eventTypes}: created, updated, deleted); Gatehouse's own events are numbered from 100.
 */
public enum AuditAction {
    CREATED(0), UPDATED(1), DELETED(2), VALIDATED(100), ROTATED(101), LOGIN(102);

    private final int number;

    AuditAction(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static Optional<AuditAction> byNumber(int number) {
        return Arrays.stream(values()).filter(a -> a.number == number).findFirst();
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
