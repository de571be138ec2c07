/**
 * The store: {@link io.gatehouse.store.Database} opens the embedded SQLite file (importing the H2 store of an
 * earlier version once, {@link io.gatehouse.store.H2Import}) or PostgreSQL, runs the
 * Flyway migrations in {@code src/main/resources/db/migration} (one portable set for both engines) and hands
 * out JDBI. Resource packages own their SQL; this package owns connection, schema, ids, the {@link
 * io.gatehouse.store.BatchWriter} that takes records (usage, policy violations) off the request path, and
 * {@link io.gatehouse.store.SealedValues}, which works on every sealed column at once (key check, rotation).
 * {@link io.gatehouse.store.Columns} reads timestamps and nullable values the same way on both engines (and binds
 * timestamps as SQLite stores them).
 */
package io.gatehouse.store;
