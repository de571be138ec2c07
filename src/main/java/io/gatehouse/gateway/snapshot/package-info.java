/**
 * What the data plane knows about keys, repositories and AI LLM configurations: an immutable {@link
 * io.gatehouse.gateway.snapshot.GatewaySnapshot} built off the event loop from the store (provider secrets opened
 * once, kept in memory only), swapped atomically by the {@link io.gatehouse.gateway.snapshot.SnapshotRefresher}
 * whenever the change feed moves; key authentication ({@link io.gatehouse.gateway.snapshot.KeyAuthenticator}) and
 * model routing ({@link io.gatehouse.gateway.snapshot.ModelRouter}) read only that snapshot.
 */
package io.gatehouse.gateway.snapshot;
