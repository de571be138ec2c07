/**
 * Where Gatehouse may open connections for its provider calls (validation, {@code /v1} upstream calls, the policy
 * judge): {@link io.gatehouse.egress.AddressClass} tells internal addresses from public ones (also for the media
 * fetcher), {@link io.gatehouse.egress.EgressPolicy} resolves a provider's host once, checks every address against
 * the configured policy and hands back the address to connect to, so a name cannot resolve elsewhere between the
 * check and the connection.
 */
package io.gatehouse.egress;
