/**
 * Gatehouse, a self-hosted AI gateway. {@link io.gatehouse.Gatehouse} is one node: it wires the store, the
 * crypto, the control plane ({@code platform}) and the data plane ({@code gateway}) and runs their listeners.
 * See {@code docs/architecture.md} for the map of packages.
 */
package io.gatehouse;
