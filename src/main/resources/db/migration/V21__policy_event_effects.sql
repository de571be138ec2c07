-- What a REDACT rule did to the request: how many spans of the text it masked (0 for other rules and old rows).
ALTER TABLE policy_violation ADD COLUMN masked_spans INTEGER DEFAULT 0 NOT NULL;
-- The action of the rule an alert came from (1 alert, 2 block), so ALERT rules' alerts can be told from blocks'.
ALTER TABLE policy_alert ADD COLUMN action_type SMALLINT;
UPDATE policy_alert SET action_type = COALESCE((SELECT p.action_type FROM policy p WHERE p.id = policy_alert.policy_id), 1);
ALTER TABLE policy_alert ALTER COLUMN action_type SET NOT NULL;
