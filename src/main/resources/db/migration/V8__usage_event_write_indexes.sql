-- usage_event takes one row per gateway request and is read only by the retention cleanup (by ts); the statistics
-- come from the roll-up tables. Its (org_id, ts) and (repo_id, ts) indexes served no query and made every insert
-- maintain two more B-trees keyed by 36-character ids.
DROP INDEX usage_event_org_ts;
DROP INDEX usage_event_repo_ts;
