package io.gatehouse.platform;

import java.util.Locale;

/** A member's access to a workspace: READ lists, WRITE also creates and changes, ADMIN also deletes and manages members. */
public enum AccessType {
    READ, WRITE, ADMIN;

    public boolean allows(AccessType needed) {
        return compareTo(needed) >= 0;
    }

    public static AccessType parse(String raw, String field) {
        if (raw == null) {
            throw ApiException.badRequest(field + " is required (READ, WRITE or ADMIN)");
        }
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + " must be READ, WRITE or ADMIN");
        }
    }
}
