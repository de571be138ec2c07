-- A management token created with another management token (instead of a signed-in session) records that parent:
-- it may not outlive it, and revoking the parent revokes it (and what it created in turn).
ALTER TABLE management_token ADD COLUMN parent_id VARCHAR(36);
ALTER TABLE management_token ADD CONSTRAINT management_token_parent
    FOREIGN KEY (parent_id) REFERENCES management_token (id) ON DELETE CASCADE;
CREATE INDEX management_token_parent ON management_token (parent_id);
