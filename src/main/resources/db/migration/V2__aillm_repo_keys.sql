-- AI LLM configurations (provider connections per workspace) with their sealed credentials and the model
-- catalog recorded at validation; repositories attaching them; repo AI API keys (stored as hashes only).
-- Every table references workspace (id) without cascading, so a workspace that still holds any of them
-- cannot be deleted.

CREATE TABLE ai_llm (
    id                  VARCHAR(36)   PRIMARY KEY,
    org_id              VARCHAR(36)   NOT NULL REFERENCES organization (id),
    workspace_id        VARCHAR(36)   NOT NULL REFERENCES workspace (id),
    user_id             VARCHAR(36)   NOT NULL REFERENCES app_user (id),
    name                VARCHAR(200)  NOT NULL,
    ai_type             VARCHAR(16)   NOT NULL,
    endpoint            VARCHAR(2048),
    -- SecretBox ciphertexts bound to the row (contexts aillm/<id> and aillm/<id>/key); never plaintext.
    secret_sealed       VARCHAR(40000),
    key_sealed          VARCHAR(4000),
    key_hint            VARCHAR(64),
    validation_status   VARCHAR(16)   NOT NULL,
    validation_message  VARCHAR(2000),
    last_validated_at   TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ai_llm_workspace_name ON ai_llm (workspace_id, name);
CREATE INDEX ai_llm_org ON ai_llm (org_id);

-- The provider's model catalog as of the last successful validation (used by routing).
CREATE TABLE ai_llm_model (
    ai_llm_id          VARCHAR(36)  NOT NULL REFERENCES ai_llm (id) ON DELETE CASCADE,
    model_id           VARCHAR(300) NOT NULL,
    display_name       VARCHAR(300),
    created            BIGINT       NOT NULL,
    max_input_tokens   INTEGER,
    max_output_tokens  INTEGER,
    -- comma list of what the provider says the model does: chat, embeddings (empty when it does not say)
    capabilities       VARCHAR(100) NOT NULL,
    PRIMARY KEY (ai_llm_id, model_id)
);
CREATE INDEX ai_llm_model_model ON ai_llm_model (model_id);

CREATE TABLE repo (
    id            VARCHAR(36)  PRIMARY KEY,
    org_id        VARCHAR(36)  NOT NULL REFERENCES organization (id),
    workspace_id  VARCHAR(36)  NOT NULL REFERENCES workspace (id),
    name          VARCHAR(200) NOT NULL,
    disabled      BOOLEAN      NOT NULL DEFAULT FALSE,
    created_by    VARCHAR(36)  NOT NULL REFERENCES app_user (id),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX repo_workspace_name ON repo (workspace_id, name);
CREATE INDEX repo_org ON repo (org_id);

-- Which configurations a repository may use, in the order they were attached (routing and fallback order).
-- A configuration in use cannot be deleted: no cascade on ai_llm_id.
CREATE TABLE repo_ai_llm (
    repo_id     VARCHAR(36) NOT NULL REFERENCES repo (id) ON DELETE CASCADE,
    ai_llm_id   VARCHAR(36) NOT NULL REFERENCES ai_llm (id),
    position    INTEGER     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (repo_id, ai_llm_id)
);
CREATE INDEX repo_ai_llm_ai_llm ON repo_ai_llm (ai_llm_id);

-- Keys applications use on /v1. Only the SHA-256 of the secret is kept; revoked keys keep their row (deleted_at).
CREATE TABLE repo_ai_key (
    id                   VARCHAR(36)  PRIMARY KEY,
    repo_id              VARCHAR(36)  NOT NULL REFERENCES repo (id) ON DELETE CASCADE,
    name                 VARCHAR(200) NOT NULL,
    ai_type              VARCHAR(16),
    key_hash             VARCHAR(64)  NOT NULL,
    key_hint             VARCHAR(32)  NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE,
    -- JSON array of model names, or NULL for every model the repository reaches
    allowed_models       VARCHAR(20000),
    limit_rpm            BIGINT,
    limit_tpm            BIGINT,
    limit_tokens_day     BIGINT,
    limit_tokens_month   BIGINT,
    created_by           VARCHAR(36)  NOT NULL REFERENCES app_user (id),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at           TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX repo_ai_key_hash ON repo_ai_key (key_hash);
CREATE INDEX repo_ai_key_repo ON repo_ai_key (repo_id);
