/**
 * What tokens cost: the shipped price table ({@link io.gatehouse.model.price.PriceTable}, one versioned JSON file per
 * provider under {@code src/main/resources/prices}), a configuration's own prices
 * ({@link io.gatehouse.model.price.PriceList#overrides}), and the {@link io.gatehouse.model.price.CostCalculator} that
 * finds the row for a model and turns {@link io.gatehouse.model.price.TokenCounts} into micro-dollars. Plain domain
 * code: the gateway prices each usage record with it, the Platform API validates overrides with it, and budgets in
 * money can reserve with it. Decision 0013 says how rows are matched, where cost is rounded and how prices are
 * versioned.
 */
package io.gatehouse.model.price;
