/**
 * Policy management on the Platform API: AI policies at organization, workspace or repository scope
 * ({@code /policy}), the violations and alerts the policy engine records ({@code /policy/violations},
 * {@code /policy/alerts}), and the organization's policy settings — the judge, its failure mode and the alert
 * webhooks whose signing secrets are sealed ({@code /organization/{orgId}/settings}). The engine itself lives in
 * {@code io.gatehouse.policy}; it reads what is managed here.
 */
package io.gatehouse.platform.policy;
