package io.gatehouse.gateway.snapshot;

import io.gatehouse.limit.LimitedScopes;
import io.gatehouse.model.AiType;

import io.gatehouse.route.RepoRoutes;
import io.gatehouse.route.Upstream;
import java.util.Set;

/**
 * A live repo key: its repository, its expiry ({@code Long.MAX_VALUE} when none, checked at request time), the
 * models it may use ({@code null}: every model its repository reaches), the one type of configuration it may
 * reach ({@code null}: every type) and the limits of the key, its repository and its workspace.
 */
public record KeyEntry(String id, String name, RepoRoutes repo, long expiresAtMillis, Set<String> allowedModels,
                       AiType aiType, LimitedScopes limits) {

    /** A key without limits at any scope. */
    public KeyEntry(String id, String name, RepoRoutes repo, long expiresAtMillis, Set<String> allowedModels,
                    AiType aiType) {
        this(id, name, repo, expiresAtMillis, allowedModels, aiType, LimitedScopes.NONE);
    }

    /** The configurations of its repository this key may use, in attachment order. */
    public java.util.List<Upstream> upstreams() {
        return aiType == null ? repo.upstreams() : repo.upstreams().stream().filter(u -> u.aiType() == aiType).toList();
    }
}
