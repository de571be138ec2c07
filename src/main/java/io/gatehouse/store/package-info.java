/**
 * The store: {@link io.gatehouse.store.Database} opens the embedded H2 file database or PostgreSQL, runs the
 * Flyway migrations in {@code src/main/resources/db/migration} (one portable set for both engines) and hands
 * out JDBI. Resource packages own their SQL; this package owns connection, schema, ids, the {@link
 * io.gatehouse.store.BatchWriter} that takes records (usage, policy violations) off the request path, and
 * {@link io.gatehouse.store.SealedValues}, which works on every sealed column at once (key check, rotation).
 */
package io.gatehouse.store;
