-- AWS temporary credentials of an AI LLM configuration (decision 0021): a session token sealed to
-- aillm/<id>/session-token like the secret, and the role to assume through STS AssumeRole with its optional
-- external id (neither is a secret: both name the role and are shown by the Platform API).
ALTER TABLE ai_llm ADD COLUMN session_token_sealed VARCHAR(8000);
ALTER TABLE ai_llm ADD COLUMN role_arn VARCHAR(2048);
ALTER TABLE ai_llm ADD COLUMN external_id VARCHAR(1224);
