/** Workspaces and their members ({@code /workspace}, {@code /workspace/{id}/users}). */
package io.gatehouse.platform.workspace;
