package io.gatehouse.policy;

/**
 * Passes alerts on (the organization's webhooks). Called on the policy writer's thread right after the alert rows
 * are committed, never on the request path; an implementation queues its deliveries and returns quickly.
 */
@FunctionalInterface
public interface AlertNotifier {
    void notify(PolicyAlert alert);
}
