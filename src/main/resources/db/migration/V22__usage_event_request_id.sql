-- The request log (GET /aistats/requests, decision 0023) names each request by the id the gateway gave it
-- (x-request-id, the id its policy violations are recorded under). Rows written before this migration have none.
-- No index: the log reads the newest rows of a time window through usage_event_ts, and every index here is paid
-- for on every gateway request's insert.
ALTER TABLE usage_event ADD COLUMN request_id VARCHAR(64);
