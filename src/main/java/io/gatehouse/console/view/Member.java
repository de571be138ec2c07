package io.gatehouse.console.view;

/** A workspace member ({@code /workspace/{id}/users}) and the member's role there. */
public record Member(String userId, String accessType, Person user) {
}
