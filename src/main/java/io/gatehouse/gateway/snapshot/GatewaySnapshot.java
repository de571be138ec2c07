package io.gatehouse.gateway.snapshot;

import io.gatehouse.policy.PolicySets;

import io.gatehouse.route.Upstream;
import java.util.Map;

/**
 * Everything the data plane needs to authenticate, route and enforce policies, as of one change-feed version. Immutable and shared
 * by every event loop; replaced as a whole when the store changes.
 */
public record GatewaySnapshot(long version, Map<String, KeyEntry> keysByHash, Map<String, Upstream> upstreams,
                              PolicySets policies) {
    public static final GatewaySnapshot EMPTY = new GatewaySnapshot(-1, Map.of(), Map.of(), PolicySets.NONE);

    /** The live key whose secret hashes to {@code hash}, or null. */
    public KeyEntry key(String hash) {
        return keysByHash.get(hash);
    }
}
