-- Money budgets per UTC day and month (limits.maxCostPerDay / maxCostPerMonth, US dollars), on repo keys,
-- repositories and workspaces, stored in micro-dollars as the usage records' costs are. NULL means no budget.
ALTER TABLE repo_ai_key ADD COLUMN limit_cost_day_micros BIGINT;
ALTER TABLE repo_ai_key ADD COLUMN limit_cost_month_micros BIGINT;
ALTER TABLE repo ADD COLUMN limit_cost_day_micros BIGINT;
ALTER TABLE repo ADD COLUMN limit_cost_month_micros BIGINT;
ALTER TABLE workspace ADD COLUMN limit_cost_day_micros BIGINT;
ALTER TABLE workspace ADD COLUMN limit_cost_month_micros BIGINT;
