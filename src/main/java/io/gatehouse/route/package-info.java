/**
 * What a request can be routed to, as built from the store for the data plane: {@link io.gatehouse.route.Upstream}
 * (a configuration with its opened credential, endpoint and catalog), {@link io.gatehouse.route.Route} (an upstream and
 * the model name to send), {@link io.gatehouse.route.RepoRoutes} (a repository's attached upstreams) and
 * {@link io.gatehouse.route.Endpoint}. It sits below both the gateway and the policy engine (whose judge is routed
 * like any request), so neither reaches into the other for it.
 */
package io.gatehouse.route;
