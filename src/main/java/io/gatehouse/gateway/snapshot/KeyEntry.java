package io.gatehouse.gateway.snapshot;

import java.util.Set;

/**
 * A live repo key: its repository, its expiry ({@code Long.MAX_VALUE} when none, checked at request time) and the
 * models it may use ({@code null}: every model its repository reaches).
 */
public record KeyEntry(String id, String name, RepoRoutes repo, long expiresAtMillis, Set<String> allowedModels) {
}
