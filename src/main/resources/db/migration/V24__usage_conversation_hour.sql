-- Requests that named an end user or a conversation, per hour (UTC) and the usage_conversation_minute/day dimensions
-- (V17): the dashboards' activeConversations (distinct conversations per 1h and 6h bucket of the 24h and 7d windows)
-- and their per-user and per-conversation breakdowns of /v2/stats/ai, which read hour buckets (decision 0019).
-- Written by the usage recorder with the minute and day tables, kept as long as usage_hour (usage.retention.hour).
-- Starts empty: earlier requests are in the minute and day tables only.
CREATE TABLE usage_conversation_hour (
    bucket_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    org_id             VARCHAR(36)  NOT NULL,
    workspace_id       VARCHAR(36)  NOT NULL,
    repo_id            VARCHAR(36)  NOT NULL,
    ai_llm_id          VARCHAR(36)  NOT NULL,
    api_key_id         VARCHAR(36)  NOT NULL,
    llm_type           VARCHAR(16)  NOT NULL,
    llm_model          VARCHAR(200) NOT NULL,
    host               VARCHAR(255) NOT NULL,
    user_id            VARCHAR(128) NOT NULL,
    conversation_id    VARCHAR(128) NOT NULL,
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
    PRIMARY KEY (org_id, bucket_start, workspace_id, repo_id, ai_llm_id, api_key_id, llm_type, llm_model, host,
                 user_id, conversation_id)
);
CREATE INDEX usage_conversation_hour_bucket ON usage_conversation_hour (bucket_start);
