package io.gatehouse.gateway;

import io.gatehouse.route.Upstream;

/** Told when a provider refused a configuration's credentials on a gateway call (PITFALLS 29). */
@FunctionalInterface
public interface CredentialFailures {
    void refused(Upstream upstream, String providerMessage);
}
