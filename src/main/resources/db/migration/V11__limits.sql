-- Limits per repository and per workspace: the same fields as a repo key's (V2), enforced by the gateway together
-- with the key's (docs/limits.md). NULL means no limit.
ALTER TABLE repo ADD COLUMN limit_rpm BIGINT;
ALTER TABLE repo ADD COLUMN limit_tpm BIGINT;
ALTER TABLE repo ADD COLUMN limit_tokens_day BIGINT;
ALTER TABLE repo ADD COLUMN limit_tokens_month BIGINT;
ALTER TABLE workspace ADD COLUMN limit_rpm BIGINT;
ALTER TABLE workspace ADD COLUMN limit_tpm BIGINT;
ALTER TABLE workspace ADD COLUMN limit_tokens_day BIGINT;
ALTER TABLE workspace ADD COLUMN limit_tokens_month BIGINT;
