/**
 * Alert webhooks: {@link io.gatehouse.policy.alert.WebhookDispatcher} POSTs each policy alert to every webhook of its
 * organization, signed with the webhook's secret ({@link io.gatehouse.policy.alert.WebhookSignature}), off the request
 * path, with retries, a bounded queue and counters for what was delivered, failed or dropped.
 */
package io.gatehouse.policy.alert;
