package io.gatehouse.platform.user;

import io.gatehouse.platform.OrgRole;

import java.time.Instant;

/** A stored user account. The password hash never leaves this package and is not printed. */
public record User(String id, String orgId, String email, String name, String lastName, String passwordHash,
                   OrgRole orgRole, Instant createdAt) {

    @Override
    public String toString() {
        return "User{id=" + id + ", orgId=" + orgId + ", orgRole=" + orgRole + "}";
    }
}
