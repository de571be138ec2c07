package io.gatehouse.route;

import java.util.List;

/** A repository as the gateway sees it: who owns it and the configurations attached to it, in attachment order. */
public record RepoRoutes(String id, String orgId, String workspaceId, String name, boolean disabled,
                         List<Upstream> upstreams) {
    public RepoRoutes {
        upstreams = List.copyOf(upstreams);
    }
}
