-- AI policies (natural-language rules at organization, workspace or repository scope), the violations and
-- alerts the engine records on the gateway's path, organization settings for the policy judge, and the alert
-- webhooks. Scope follows from which ids are set: neither = organization, workspace_id only = workspace,
-- repo_id (with its workspace_id) = repository.
-- Violations and alerts copy the names they show (policy, repository, key) so they stay readable after the
-- named object is renamed or deleted; they reference nothing and are removed only by retention.

CREATE TABLE policy (
    id               VARCHAR(36)   PRIMARY KEY,
    org_id           VARCHAR(36)   NOT NULL REFERENCES organization (id),
    workspace_id     VARCHAR(36)   REFERENCES workspace (id),
    repo_id          VARCHAR(36)   REFERENCES repo (id),
    name             VARCHAR(200)  NOT NULL,
    content          VARCHAR(8000) NOT NULL,
    -- LOW | MEDIUM | HIGH
    risk_type        VARCHAR(8)    NOT NULL,
    -- 0 log, 1 alert, 2 block, 3 redact
    action_type      SMALLINT      NOT NULL,
    enabled          BOOLEAN       NOT NULL,
    created_by       VARCHAR(36)   NOT NULL REFERENCES app_user (id),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_updated_by  VARCHAR(36)   NOT NULL REFERENCES app_user (id),
    last_updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX policy_org ON policy (org_id);
CREATE INDEX policy_workspace ON policy (workspace_id);
CREATE INDEX policy_repo ON policy (repo_id);

CREATE TABLE policy_violation (
    id                  VARCHAR(36)   PRIMARY KEY,
    org_id              VARCHAR(36)   NOT NULL,
    workspace_id        VARCHAR(36),
    policy_id           VARCHAR(36)   NOT NULL,
    policy_name         VARCHAR(200)  NOT NULL,
    ts                  TIMESTAMP WITH TIME ZONE NOT NULL,
    explanation         VARCHAR(4000),
    -- The gateway request id (x-request-id), shared by every violation and alert of one request.
    conversation_id     VARCHAR(64),
    repo_id             VARCHAR(36),
    repo_name           VARCHAR(200),
    user_id             VARCHAR(36),
    user_name           VARCHAR(200),
    api_key_id          VARCHAR(36),
    api_key_name        VARCHAR(200),
    -- The policy's riskType when it was violated.
    severity            VARCHAR(8)    NOT NULL,
    -- Whether the request (or the rest of its stream) was refused.
    block               BOOLEAN       NOT NULL,
    action_type         SMALLINT      NOT NULL,
    llm_type            VARCHAR(16),
    llm_model           VARCHAR(200),
    host                VARCHAR(255),
    -- INPUT | OUTPUT
    direction           VARCHAR(8)    NOT NULL,
    -- detector | judge
    evaluator           VARCHAR(16)   NOT NULL
);
CREATE INDEX policy_violation_org_ts ON policy_violation (org_id, ts);
CREATE INDEX policy_violation_policy_ts ON policy_violation (policy_id, ts);

CREATE TABLE policy_alert (
    id                  VARCHAR(36)   PRIMARY KEY,
    org_id              VARCHAR(36)   NOT NULL,
    workspace_id        VARCHAR(36),
    policy_id           VARCHAR(36)   NOT NULL,
    policy_name         VARCHAR(200)  NOT NULL,
    ts                  TIMESTAMP WITH TIME ZONE NOT NULL,
    message             VARCHAR(4000),
    conversation_id     VARCHAR(64),
    repo_id             VARCHAR(36),
    repo_name           VARCHAR(200),
    user_id             VARCHAR(36),
    user_name           VARCHAR(200),
    api_key_id          VARCHAR(36),
    api_key_name        VARCHAR(200),
    llm_type            VARCHAR(16),
    llm_model           VARCHAR(200),
    host                VARCHAR(255),
    direction           VARCHAR(8)    NOT NULL
);
CREATE INDEX policy_alert_org_ts ON policy_alert (org_id, ts);
CREATE INDEX policy_alert_policy_ts ON policy_alert (policy_id, ts);

-- One row per organization once its settings were first changed; absent = defaults (no judge, failOpen by
-- action as SPEC 5 says, asyncJudge off).
CREATE TABLE org_settings (
    org_id            VARCHAR(36)  PRIMARY KEY REFERENCES organization (id),
    judge_ai_llm_id   VARCHAR(36)  REFERENCES ai_llm (id),
    judge_model       VARCHAR(200),
    -- NULL = the default per action (closed for BLOCK/REDACT rules, open for LOG/ALERT).
    fail_open         BOOLEAN,
    async_judge       BOOLEAN      NOT NULL,
    judge_timeout_ms  INTEGER,
    updated_by        VARCHAR(36)  REFERENCES app_user (id),
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE alert_webhook (
    id              VARCHAR(36)   PRIMARY KEY,
    org_id          VARCHAR(36)   NOT NULL REFERENCES organization (id),
    url             VARCHAR(2048) NOT NULL,
    -- SecretBox ciphertext (context webhook/<id>) of the HMAC signing secret; NULL = unsigned.
    secret_sealed   VARCHAR(4000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX alert_webhook_org ON alert_webhook (org_id);
