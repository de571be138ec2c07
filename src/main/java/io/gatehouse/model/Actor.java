package io.gatehouse.model;

/**
 * Who made a change, as the audit log records it: the organization and the user (null for the gateway or a
 * command-line operation). A signed-in caller of the Platform API is one; audit writing needs nothing more of it.
 */
public interface Actor {
    String orgId();

    String userId();
}
