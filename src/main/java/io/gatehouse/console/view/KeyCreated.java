package io.gatehouse.console.view;

/** The answer that created a key: the only one that ever holds its secret. */
public record KeyCreated(String secret, RepoKey apiKey) {
}
