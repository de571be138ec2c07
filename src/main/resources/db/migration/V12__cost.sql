-- Cost (issue 16, decision 0013). A configuration's own prices: JSON {"<model or family*>": {input, output,
-- cachedInput, cacheWrite}} in dollars per million tokens, null when it uses the shipped price table.
ALTER TABLE ai_llm ADD COLUMN prices VARCHAR(100000);

-- Per request: the cached-token classes (parts of tokens_in), the cost in micro-dollars (null: tokens without a
-- price) and the price list version that priced it.
ALTER TABLE usage_event ADD COLUMN cached_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_event ADD COLUMN cache_write_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_event ADD COLUMN cost_micros BIGINT;
ALTER TABLE usage_event ADD COLUMN price_version VARCHAR(64);

-- Per bucket: the same classes, the sum of the known costs, and how many requests are missing from that sum.
ALTER TABLE usage_minute ADD COLUMN cached_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_minute ADD COLUMN cache_write_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_minute ADD COLUMN cost_micros BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_minute ADD COLUMN unpriced_calls BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_day ADD COLUMN cached_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_day ADD COLUMN cache_write_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_day ADD COLUMN cost_micros BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_day ADD COLUMN unpriced_calls BIGINT NOT NULL DEFAULT 0;
