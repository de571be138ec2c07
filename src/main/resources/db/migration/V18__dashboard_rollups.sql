-- Dashboard statistics (/v2/stats, issue 19, decision 0019): the roll-ups the v2 endpoints read besides usage_minute
-- and usage_day, all written in the same transaction as the rows they sum.

-- Usage in hour buckets (UTC), the same dimensions and counters as usage_minute and usage_day: the 24h and 7d windows
-- read it (1h and 6h buckets) instead of up to 10080 minute buckets per dimension.
CREATE TABLE usage_hour (
    bucket_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    org_id             VARCHAR(36)  NOT NULL,
    workspace_id       VARCHAR(36)  NOT NULL,
    repo_id            VARCHAR(36)  NOT NULL,
    ai_llm_id          VARCHAR(36)  NOT NULL,
    api_key_id         VARCHAR(36)  NOT NULL,
    llm_type           VARCHAR(16)  NOT NULL,
    llm_model          VARCHAR(200) NOT NULL,
    host               VARCHAR(255) NOT NULL,
    api_calls          BIGINT NOT NULL,
    tokens_in          BIGINT NOT NULL,
    tokens_out         BIGINT NOT NULL,
    llm_tokens_in      BIGINT NOT NULL,
    llm_tokens_out     BIGINT NOT NULL,
    policy_violations  BIGINT NOT NULL,
    alerts             BIGINT NOT NULL,
    blocks             BIGINT NOT NULL,
    severity_low       BIGINT NOT NULL,
    severity_medium    BIGINT NOT NULL,
    severity_high      BIGINT NOT NULL,
    latency_ms_sum     BIGINT NOT NULL,
    cached_tokens      BIGINT NOT NULL DEFAULT 0,
    cache_write_tokens BIGINT NOT NULL DEFAULT 0,
    cost_micros        BIGINT NOT NULL DEFAULT 0,
    unpriced_calls     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, bucket_start, workspace_id, repo_id, ai_llm_id, api_key_id, llm_type, llm_model, host)
);
CREATE INDEX usage_hour_bucket ON usage_hour (bucket_start);

-- Policy violations per rule in hour and day buckets, written by the policy event store with the violation rows:
-- /v2/stats/policies?ruleId= and /v2/stats/policies/breakdown/rules. A violation without a workspace, repository
-- or key stores '' there, as the usage roll-ups do.
CREATE TABLE policy_rule_hour (
    bucket_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    org_id             VARCHAR(36)  NOT NULL,
    workspace_id       VARCHAR(36)  NOT NULL,
    repo_id            VARCHAR(36)  NOT NULL,
    api_key_id         VARCHAR(36)  NOT NULL,
    policy_id          VARCHAR(36)  NOT NULL,
    violations         BIGINT NOT NULL,
    alerts             BIGINT NOT NULL,
    blocks             BIGINT NOT NULL,
    severity_low       BIGINT NOT NULL,
    severity_medium    BIGINT NOT NULL,
    severity_high      BIGINT NOT NULL,
    PRIMARY KEY (org_id, bucket_start, workspace_id, repo_id, api_key_id, policy_id)
);
CREATE INDEX policy_rule_hour_bucket ON policy_rule_hour (bucket_start);

CREATE TABLE policy_rule_day (
    bucket_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    org_id             VARCHAR(36)  NOT NULL,
    workspace_id       VARCHAR(36)  NOT NULL,
    repo_id            VARCHAR(36)  NOT NULL,
    api_key_id         VARCHAR(36)  NOT NULL,
    policy_id          VARCHAR(36)  NOT NULL,
    violations         BIGINT NOT NULL,
    alerts             BIGINT NOT NULL,
    blocks             BIGINT NOT NULL,
    severity_low       BIGINT NOT NULL,
    severity_medium    BIGINT NOT NULL,
    severity_high      BIGINT NOT NULL,
    PRIMARY KEY (org_id, bucket_start, workspace_id, repo_id, api_key_id, policy_id)
);
CREATE INDEX policy_rule_day_bucket ON policy_rule_day (bucket_start);

-- What a repo key is for: 'repo' (made by a user for an application) or 'conversation' (made by private chat for one
-- conversation, V16). Private-chat traffic is the usage of 'conversation' keys; its user is the key's creator. Kept
-- on the key, not the conversation, so a hard-deleted conversation's usage stays private chat.
ALTER TABLE repo_ai_key ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'repo';
UPDATE repo_ai_key SET kind = 'conversation' WHERE id IN (SELECT key_id FROM conversation);
CREATE INDEX repo_ai_key_kind ON repo_ai_key (kind, created_by);
