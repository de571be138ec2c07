-- Usage rolled up into minute and day buckets (UTC) per (organization, workspace, repository, configuration, key,
-- provider type, model, host), updated by the usage recorder in the same transaction as the usage_event rows it
-- writes. A dimension the request never reached (no configuration when it failed before routing) is stored as ''
-- so that it can be part of the primary key; the statistics API answers it as null.
-- latency_ms_sum / api_calls is the average latency of a bucket.

CREATE TABLE usage_minute (
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
    PRIMARY KEY (org_id, bucket_start, workspace_id, repo_id, ai_llm_id, api_key_id, llm_type, llm_model, host)
);
-- Retention deletes by age across organizations.
CREATE INDEX usage_minute_bucket ON usage_minute (bucket_start);

CREATE TABLE usage_day (
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
    PRIMARY KEY (org_id, bucket_start, workspace_id, repo_id, ai_llm_id, api_key_id, llm_type, llm_model, host)
);
CREATE INDEX usage_day_bucket ON usage_day (bucket_start);
-- Totals per configuration (/ai/llm/stats).
CREATE INDEX usage_day_ai_llm ON usage_day (ai_llm_id);

-- Retention deletes usage events by age.
CREATE INDEX usage_event_ts ON usage_event (ts);
