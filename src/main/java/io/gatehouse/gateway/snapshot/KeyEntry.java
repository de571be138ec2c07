package io.gatehouse.gateway.snapshot;

import io.gatehouse.model.AiType;

import io.gatehouse.route.RepoRoutes;
import io.gatehouse.route.Upstream;
import java.util.Set;

/**
 * A live repo key: its repository, its expiry ({@code Long.MAX_VALUE} when none, checked at request time), the
 * models it may use ({@code null}: every model its repository reaches) and the one type of configuration it may
 * reach ({@code null}: every type).
 */
public record KeyEntry(String id, String name, RepoRoutes repo, long expiresAtMillis, Set<String> allowedModels,
                       AiType aiType) {

    /** The configurations of its repository this key may use, in attachment order. */
    public java.util.List<Upstream> upstreams() {
        return aiType == null ? repo.upstreams() : repo.upstreams().stream().filter(u -> u.aiType() == aiType).toList();
    }
}
