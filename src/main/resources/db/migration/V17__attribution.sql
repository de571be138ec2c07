-- Attribution (issue 19, decision 0018): the end user and the conversation a gateway request names (OpenAI `user`,
-- `metadata.user_id`, Anthropic `metadata.user_id`, `metadata.conversation_id`, or the x-gatehouse-user and
-- x-gatehouse-conversation headers). Ids are the client's, up to 128 characters of a safe set (AttributionIds);
-- they are not references: an id that is an organization member's user id or e-mail is shown with the member's name
-- when read.

ALTER TABLE usage_event ADD COLUMN user_id VARCHAR(128);
ALTER TABLE usage_event ADD COLUMN conversation_id VARCHAR(128);

-- Violations and alerts: conversation_id held the gateway request id until now; that moves to request_id and
-- conversation_id becomes the conversation the request named. user_id is the end user the request named (it was never
-- written before); user_name is dropped: the name of a member is looked up when the row is read, so it follows renames.
-- (Widening a VARCHAR is a no-op in SQLite, which does not enforce lengths; MigrationScripts leaves it out there.)
ALTER TABLE policy_violation ADD COLUMN request_id VARCHAR(64);
UPDATE policy_violation SET request_id = conversation_id, conversation_id = NULL;
ALTER TABLE policy_violation ALTER COLUMN conversation_id TYPE VARCHAR(128);
ALTER TABLE policy_violation ALTER COLUMN user_id TYPE VARCHAR(128);
ALTER TABLE policy_violation DROP COLUMN user_name;
ALTER TABLE policy_alert ADD COLUMN request_id VARCHAR(64);
UPDATE policy_alert SET request_id = conversation_id, conversation_id = NULL;
ALTER TABLE policy_alert ALTER COLUMN conversation_id TYPE VARCHAR(128);
ALTER TABLE policy_alert ALTER COLUMN user_id TYPE VARCHAR(128);
ALTER TABLE policy_alert DROP COLUMN user_name;

-- Per-user roll-up: usage of the requests that named an end user, per minute and per day, keyed by (organization,
-- bucket, workspace, repository, user id), with the counters of usage_minute/usage_day (V6, V12). It is the table
-- for per-user breakdowns (dashboards, "who spent what"); requests without a user are not in it (their share is the
-- usage_day total minus this table's). Written by the usage recorder in the same transaction as usage_event and the
-- other roll-ups; retention as usage_minute/usage_day.
CREATE TABLE usage_user_minute (
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
CREATE INDEX usage_user_minute_bucket ON usage_user_minute (bucket_start);

CREATE TABLE usage_user_day (
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
CREATE INDEX usage_user_day_bucket ON usage_user_day (bucket_start);

-- Per-conversation roll-up: usage of the requests that named an end user or a conversation, keyed by the usage_minute/
-- usage_day dimensions plus user id and conversation id ('' when the request named only the other). /aistats reads it
-- when filtered by userUuid or conversationUuid, and counts its distinct non-empty conversation ids for
-- activeConversations. Same counters, transaction and retention as the other roll-ups.
CREATE TABLE usage_conversation_minute (
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
CREATE INDEX usage_conversation_minute_bucket ON usage_conversation_minute (bucket_start);

CREATE TABLE usage_conversation_day (
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
CREATE INDEX usage_conversation_day_bucket ON usage_conversation_day (bucket_start);
