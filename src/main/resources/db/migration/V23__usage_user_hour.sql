-- Requests that named an end user, per hour (UTC) and (organization, workspace, repository, user): the dashboards'
-- per-user policy breakdown over the 24h and 7d windows (/v2/stats/policies/breakdown/users), which read hour buckets.
-- Written by the usage recorder with the minute and day tables of V17, kept as long as usage_hour
-- (usage.retention.hour). Starts empty: earlier requests are in the minute and day tables only.
CREATE TABLE usage_user_hour (
    bucket_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    org_id             VARCHAR(36)  NOT NULL,
    workspace_id       VARCHAR(36)  NOT NULL,
    repo_id            VARCHAR(36)  NOT NULL,
    user_id            VARCHAR(128) NOT NULL,
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
    cached_tokens      BIGINT NOT NULL,
    cache_write_tokens BIGINT NOT NULL,
    cost_micros        BIGINT NOT NULL,
    unpriced_calls     BIGINT NOT NULL,
    PRIMARY KEY (org_id, bucket_start, workspace_id, repo_id, user_id)
);
CREATE INDEX usage_user_hour_bucket ON usage_user_hour (bucket_start);
