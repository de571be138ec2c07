-- Free-form settings documents (/settings/user and /settings/organization): one JSON object per user and per
-- organization, kept as text; the API bounds its size and depth. owner_kind is 'user' or 'organization'.
CREATE TABLE settings_document (
    owner_kind  VARCHAR(16)  NOT NULL,
    owner_id    VARCHAR(36)  NOT NULL,
    org_id      VARCHAR(36)  NOT NULL REFERENCES organization (id),
    settings    VARCHAR(70000) NOT NULL,
    updated_by  VARCHAR(36),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (owner_kind, owner_id)
);

-- Shared provider credentials (/apikeys) of a workspace. The secret (and the optional key id) are SecretBox
-- ciphertexts bound to the row (providerkey/<id>, providerkey/<id>/key); never plaintext. Configurations that
-- reference one (ai_llm.api_key_id) hold a copy sealed to their own row, re-sealed when the shared key rotates.
CREATE TABLE provider_api_key (
    id               VARCHAR(36)   PRIMARY KEY,
    org_id           VARCHAR(36)   NOT NULL REFERENCES organization (id),
    workspace_id     VARCHAR(36)   NOT NULL REFERENCES workspace (id),
    user_id          VARCHAR(36)   NOT NULL REFERENCES app_user (id),
    provider         VARCHAR(16)   NOT NULL,
    key_sealed       VARCHAR(4000),
    key_hint         VARCHAR(64),
    secret_sealed    VARCHAR(40000) NOT NULL,
    endpoint         VARCHAR(2048),
    region           VARCHAR(64),
    description      VARCHAR(1000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX provider_api_key_workspace ON provider_api_key (workspace_id);

ALTER TABLE ai_llm ADD COLUMN api_key_id VARCHAR(36) REFERENCES provider_api_key (id);
CREATE INDEX ai_llm_api_key ON ai_llm (api_key_id);

-- Which audit events a user has read (/systemevent/read); an event without a row here is unread for that user.
CREATE TABLE system_event_read (
    user_id   VARCHAR(36)  NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    event_id  BIGINT       NOT NULL REFERENCES system_event (id) ON DELETE CASCADE,
    read_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, event_id)
);
