package io.gatehouse.platform;

import io.gatehouse.model.Actor;

/**
 * Who is calling the Platform API, as established by the bearer token: a session (login) or a management
 * token acting for the user who created it.
 */
public record Principal(String userId, String orgId, OrgRole orgRole, String email, String name, String lastName,
                        String managementTokenId) implements Actor {

    public boolean managesOrganization() {
        return orgRole.managesOrganization();
    }

    public String displayName() {
        return (name + " " + lastName).trim();
    }
}
