package io.gatehouse.model;


import java.util.Locale;

/** Where a policy applies, as follows from which ids it carries: neither, a workspace, or a repository. */
public enum PolicyScope {
    ORGANIZATION, WORKSPACE, REPOSITORY;

    public static PolicyScope of(String workspaceId, String repoId) {
        return repoId != null ? REPOSITORY : workspaceId != null ? WORKSPACE : ORGANIZATION;
    }

    public static PolicyScope parse(String raw, String field) {
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidValueException.malformed(field + " must be ORGANIZATION, WORKSPACE or REPOSITORY");
        }
    }
}
