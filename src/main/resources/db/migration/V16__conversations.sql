-- Private chat: a user's conversation with a repository's models, prompted through the Platform API
-- (POST /conversation/{id}/prompt) and sent on to the gateway like any /v1 request, with the key made for the
-- conversation (key_id; its secret sealed to conversation/<id>, revoked when the conversation is deleted).
-- Messages are sealed to conversation-message/<id>: they hold prompts and answers, as stored responses do.
CREATE TABLE conversation (
    id               VARCHAR(36)  PRIMARY KEY,
    org_id           VARCHAR(36)  NOT NULL REFERENCES organization (id),
    workspace_id     VARCHAR(36)  NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    repo_id          VARCHAR(36)  NOT NULL REFERENCES repo (id) ON DELETE CASCADE,
    created_by       VARCHAR(36)  NOT NULL REFERENCES app_user (id),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at       TIMESTAMP WITH TIME ZONE,
    title            VARCHAR(200),
    tokens_in        BIGINT       NOT NULL DEFAULT 0,
    tokens_out       BIGINT       NOT NULL DEFAULT 0,
    key_id           VARCHAR(36)  NOT NULL,
    key_sealed       VARCHAR      NOT NULL
);
CREATE INDEX conversation_org_created ON conversation (org_id, created_at);

CREATE TABLE conversation_message (
    id               VARCHAR(36)  PRIMARY KEY,
    org_id           VARCHAR(36)  NOT NULL REFERENCES organization (id),
    conversation_id  VARCHAR(36)  NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    seq              INTEGER      NOT NULL,
    role             VARCHAR(16)  NOT NULL,
    model            VARCHAR(300),
    token_count      BIGINT,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    content_sealed   VARCHAR      NOT NULL
);
CREATE UNIQUE INDEX conversation_message_order ON conversation_message (conversation_id, seq);
