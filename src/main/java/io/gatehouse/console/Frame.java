package io.gatehouse.console;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.console.view.Policy;
import io.gatehouse.platform.Json;

import java.util.List;
import java.util.Map;

/**
 * What every signed-in page shows around its content: who is signed in, the workspace switcher, the section
 * in the menu, a notice or error from the last action, and the CSRF token that forms and htmx requests carry.
 * {@code canWrite}/{@code canAdmin} come from the caller's access as the Platform API reports it, so a READ member
 * is not offered buttons the API would refuse.
 */
public record Frame(String section, ConsoleSession session, List<WorkspaceChoice> workspaces, WorkspaceChoice workspace,
                   String notice, String error) {

    /** One workspace the user belongs to ({@code /workspace}), with the user's access there (READ, WRITE or ADMIN). */
    public record WorkspaceChoice(String id, String name, String access, @JsonProperty("default") boolean isDefault) {
    }

    public String base() {
        return "/ui/w/" + workspace.id();
    }

    public String csrf() {
        return session.csrf();
    }

    /** For {@code hx-headers} on the body: every htmx request carries the CSRF token. */
    public String htmxHeaders() {
        return Json.write(Map.of("X-CSRF-Token", session.csrf()));
    }

    public boolean canWrite() {
        return "WRITE".equals(workspace.access()) || canAdmin();
    }

    public boolean canAdmin() {
        return "ADMIN".equals(workspace.access());
    }

    public boolean managesOrganization() {
        return session.managesOrganization();
    }

    /** Organization policies are changed by organization managers; the others by the workspace's writers. */
    public boolean canChangePolicy(Policy policy) {
        return policy.organizationWide() ? managesOrganization() : canWrite();
    }

    public boolean canDeletePolicy(Policy policy) {
        return policy.organizationWide() ? managesOrganization() : canAdmin();
    }

    public String userName() {
        return session.displayName();
    }

    public boolean active(String name) {
        return section.equals(name);
    }
}
