package io.gatehouse.platform;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A user's role in its organization, written on the wire as the reference API's number. */
public enum OrgRole {
    USER(0x00, "User"),
    BILLING(0x01, "Billing"),
    WORKSPACES(0x02, "Workspaces manager"),
    ADMINISTRATORS(0xfe, "Administrator"),
    OWNER(0xff, "Owner");

    private final int code;
    private final String description;

    OrgRole(int code, String description) {
        this.code = code;
        this.description = description;
    }

    @JsonValue
    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** Owners and administrators manage everything in the organization. */
    public boolean managesOrganization() {
        return this == OWNER || this == ADMINISTRATORS;
    }

    /** Who may create workspaces (and becomes ADMIN of the ones it creates). */
    public boolean createsWorkspaces() {
        return managesOrganization() || this == WORKSPACES;
    }

    @JsonCreator
    public static OrgRole fromCode(int code) {
        for (OrgRole role : values()) {
            if (role.code == code) {
                return role;
            }
        }
        throw ApiException.badRequest("orgRole must be one of 0 (USER), 1 (BILLING), 2 (WORKSPACES), 254 (ADMINISTRATORS), 255 (OWNER)");
    }
}
