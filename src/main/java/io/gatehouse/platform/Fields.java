package io.gatehouse.platform;

import io.gatehouse.text.ControlCharacters;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Checks on request fields, each failing with a message that names the field. */
public final class Fields {
    private Fields() {
    }

    /** A required, non-blank string, trimmed, at most {@code maxLength} characters. */
    public static String requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " is required");
        }
        return optionalText(value, field, maxLength);
    }

    /** An optional string: null stays null, otherwise trimmed and length-checked. */
    public static String optionalText(String value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            throw ApiException.invalid(field + " must not be blank");
        }
        if (trimmed.length() > maxLength) {
            throw ApiException.invalid(field + " must be at most " + maxLength + " characters");
        }
        return trimmed;
    }

    /**
     * A required name (of a workspace, configuration, repository, key, policy, token, user or organization):
     * {@link #requireText} without control characters ({@link #plainText}).
     */
    public static String requireName(String value, String field, int maxLength) {
        return plainText(requireText(value, field, maxLength), field);
    }

    /** An optional name: {@link #optionalText} without control characters ({@link #plainText}). */
    public static String optionalName(String value, String field, int maxLength) {
        return plainText(optionalText(value, field, maxLength), field);
    }

    /** A name that may be blank (a last name): null stays null, otherwise trimmed, length-checked, without control characters. */
    public static String blankableName(String value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > maxLength) {
            throw ApiException.invalid(field + " must be at most " + maxLength + " characters");
        }
        return plainText(trimmed, field);
    }

    /**
     * Refuses text holding a control character: C0 and C1 controls, DEL, Unicode format characters such as
     * bidirectional overrides, line and paragraph separators. Names are shown in lists, logs and audit trails, where
     * such characters break lines, drive terminals or reorder what the reader sees. Null passes.
     */
    /** A credential as given (trimmed, optional); it travels in an HTTP header, so control characters are refused. */
    public static String credential(String raw, String field, int maxLength) {
        String value = optionalText(raw, field, maxLength);
        if (value != null && value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ApiException.invalid(field + " must not contain control characters or line breaks");
        }
        return value;
    }

    public static String plainText(String value, String field) {
        if (ControlCharacters.containsAny(value)) {
            throw ApiException.badRequest(field + " must not contain control characters (line breaks, tabs, escape,"
                    + " NUL or bidirectional-override characters)");
        }
        return value;
    }

    /** A required id field; a malformed id names nothing, so it is reported like an unknown one. */
    public static String requireId(String value, String field, String what) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " is required");
        }
        if (!io.gatehouse.store.Ids.isValid(value.trim())) {
            throw ApiException.notFound(what);
        }
        return value.trim();
    }

    public static String requireEmail(String value, String field) {
        String email = requireName(value, field, 320).toLowerCase(java.util.Locale.ROOT);
        int at = email.indexOf('@');
        if (at < 1 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.chars().anyMatch(Character::isWhitespace)) {
            throw ApiException.invalid(field + " must be an e-mail address");
        }
        return email;
    }

    /** Passwords: 12 to 256 characters, so the generated ones and passphrases both fit. */
    public static String requirePassword(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(field + " is required");
        }
        if (value.length() < 12) {
            throw ApiException.invalid(field + " must be at least 12 characters");
        }
        if (value.length() > 256) {
            throw ApiException.invalid(field + " must be at most 256 characters");
        }
        return value;
    }

    /** An optional ISO-8601 instant ({@code 2026-01-31T00:00:00Z}). */
    public static Instant optionalInstant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(value.trim()).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(field + " must be an ISO-8601 date-time such as 2026-01-31T00:00:00Z");
            }
        }
    }
}
