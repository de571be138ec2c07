package io.gatehouse.platform.user;

import io.gatehouse.platform.OrgRole;

import java.time.Instant;
import java.util.List;

/** A user as the Platform API shows it (the reference API's OrgUser). */
public record UserView(String id, String email, String name, String lastName, String orgId, OrgRole orgRole,
                       String orgRoleDescription, List<OrgRole> orgRoles, boolean validated, Instant createdAt,
                       Instant deletedAt) {

    public static UserView of(User user) {
        return new UserView(user.id(), user.email(), user.name(), user.lastName(), user.orgId(), user.orgRole(),
                user.orgRole().description(), List.of(user.orgRole()), true, user.createdAt(), null);
    }
}
