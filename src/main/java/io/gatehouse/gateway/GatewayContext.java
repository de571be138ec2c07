package io.gatehouse.gateway;

import io.gatehouse.egress.EgressPolicy;
import io.gatehouse.gateway.snapshot.GatewaySnapshot;
import io.gatehouse.guard.FailureThrottle;
import io.gatehouse.limit.Limiter;
import io.gatehouse.observe.GatewayObserver;
import io.gatehouse.policy.PolicyEngine;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.usage.UsageRecord;

import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every gateway verticle shares: settings, the current snapshot, where usage records go (the batching recorder),
 * the throttle for failed key lookups, what to do when a provider refuses a configuration's credentials, the clock
 * and id generator the translations use (fixed ones in fixture tests), and where finished requests are reported
 * (metrics, traces, access log), the policy engine, the egress policy every provider call is checked against, the
 * limiter the limits of keys, repositories and workspaces are enforced with, and where the Responses API keeps its
 * responses.
 */
public record GatewayContext(GatewaySettings settings, Supplier<GatewaySnapshot> snapshot, Consumer<UsageRecord> usage,
                             FailureThrottle keyThrottle, CredentialFailures credentialFailures, Clock clock,
                             IdGenerator ids, GatewayObserver observer, PolicyEngine policies, EgressPolicy egress,
                             Limiter limits, ResponseStore responses) {
}
