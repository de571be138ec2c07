-- What a REDACT rule did to the request: how many spans of the text it masked (0 for other rules; NULL on rows
-- written before it was recorded: unknown).
ALTER TABLE policy_violation ADD COLUMN masked_spans INTEGER;
-- The action of the rule an alert came from (1 alert, 2 block), so ALERT rules' alerts can be told from blocks';
-- old rows take their policy's action (an alert of a deleted policy stays an ALERT rule's).
ALTER TABLE policy_alert ADD COLUMN action_type SMALLINT DEFAULT 1 NOT NULL;
UPDATE policy_alert SET action_type = COALESCE((SELECT p.action_type FROM policy p WHERE p.id = policy_alert.policy_id), 1);
