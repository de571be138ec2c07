/**
 * The control plane: the Platform API on the admin listener. This package holds the plumbing every resource
 * shares — {@link io.gatehouse.platform.AdminServer}, route registration on virtual threads
 * ({@link io.gatehouse.platform.ApiRoutes}), the {@code {success, …}} envelope ({@link io.gatehouse.platform.Reply},
 * {@link io.gatehouse.platform.ApiException}), paging, field checks and authorization
 * ({@link io.gatehouse.platform.Access}). Each resource lives in its own sub-package with its routes and SQL.
 */
package io.gatehouse.platform;
