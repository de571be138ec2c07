/** The audit log: {@link io.gatehouse.platform.audit.AuditLog} writes an event inside the transaction of each change; {@code GET /systemevent} reads them. */
package io.gatehouse.platform.audit;
