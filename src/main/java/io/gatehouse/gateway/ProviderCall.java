package io.gatehouse.gateway;

import io.gatehouse.gateway.upstream.ProviderConnections;
import io.gatehouse.provider.CallPlan;
import io.gatehouse.route.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The provider call and everything after it, in named parts: {@link CallPlanner} makes each attempt's plan,
 * {@link UpstreamCall} sends it and reads the answer across attempts, {@link Fallback} says when a failure moves on to
 * the next route (only before any byte reached the client), {@link StreamRelay} brings a stream back chunk by chunk,
 * {@link CallFailures} words the failures that got no answer. Every path ends in {@link Exchange#record}.
 */
final class ProviderCall {
    private final Vertx vertx;
    private final ProviderConnections connections;
    private final GatewayContext context;
    private final Planner planner;
    private final PolicyEnforcement policies;

    /** Makes the plan of one attempt ({@link CallPlanner#plan}). */
    @FunctionalInterface
    interface Planner {
        Future<CallPlan> plan(Exchange ex, Route route);
    }

    /** A provider answer's headers by lower-case name (the first of repeated ones), as error mappings read them. */
    static Map<String, String> lowercaseHeaders(HttpClientResponse response) {
        Map<String, String> headers = new HashMap<>();
        response.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return headers;
    }

    ProviderCall(Vertx vertx, ProviderConnections connections, GatewayContext context, Planner planner, PolicyEnforcement policies) {
        this.vertx = vertx;
        this.connections = connections;
        this.context = context;
        this.planner = planner;
        this.policies = policies;
    }

    void start(Exchange ex) {
        UpstreamCall call = new UpstreamCall(vertx, connections, context, planner, policies, ex);
        call.safely(() -> call.attempt(0));
    }
}

