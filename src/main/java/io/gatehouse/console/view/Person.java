package io.gatehouse.console.view;

/** A user as the API shows one: an organization's user, a workspace member's {@code user}, a policy's author. */
public record Person(String id, String name, String lastName, String email) {

    /** First and last name, whichever are set. */
    public String fullName() {
        return ((name == null ? "" : name) + " " + (lastName == null ? "" : lastName)).trim();
    }
}
