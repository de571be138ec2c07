package io.gatehouse.policy;

/**
 * Where the policy engine hands an alert it has recorded (actionType ALERT or BLOCK), to be sent to the
 * organization's webhooks. Called on the gateway's event loop: it returns at once and never fails the request.
 */
public interface AlertNotifier {
    void notify(PolicyAlertNotice alert);
}
