package io.gatehouse.store;

import java.util.UUID;

/** Identifiers of stored rows: random UUIDs, so ids reveal neither order nor count. */
public final class Ids {
    private Ids() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** True for a well-formed UUID string; anything else cannot name a row and is answered 404. */
    public static boolean isValid(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
