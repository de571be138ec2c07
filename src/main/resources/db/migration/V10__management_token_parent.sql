-- A management token created with another management token (instead of a signed-in session) records that parent:
-- it may not outlive it, and revoking the parent revokes it (and what it created in turn). The reference is declared
-- with the column: SQLite cannot add a constraint to an existing table.
ALTER TABLE management_token ADD COLUMN parent_id VARCHAR(36) REFERENCES management_token (id) ON DELETE CASCADE;
CREATE INDEX management_token_parent ON management_token (parent_id);
