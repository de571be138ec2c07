-- Responses kept for the OpenAI Responses API ("store": true, the default): the response as answered, and the
-- conversation (earlier items, this input, the output) that a later "previous_response_id" continues from. Both are
-- sealed to the row (SecretBox, context response/<id>): they hold prompts and answers. Scoped to the repository
-- whose key made them; deleted past usage.retention.responses, like usage events.
CREATE TABLE stored_response (
    id                   VARCHAR(64)  PRIMARY KEY,
    org_id               VARCHAR(36)  NOT NULL REFERENCES organization (id),
    repo_id              VARCHAR(36)  NOT NULL REFERENCES repo (id) ON DELETE CASCADE,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    response_sealed      VARCHAR      NOT NULL,
    conversation_sealed  VARCHAR      NOT NULL
);
CREATE INDEX stored_response_created ON stored_response (created_at);
