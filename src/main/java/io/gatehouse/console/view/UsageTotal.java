package io.gatehouse.console.view;

import java.math.BigDecimal;

/**
 * Requests, tokens and cost of one model (or of everything) over the usage page's range. {@code cost} is the known
 * part in dollars, null when no request had a price; {@code unpriced} counts the requests it leaves out.
 */
public record UsageTotal(String label, long requests, long tokensIn, long cachedTokens, long tokensOut, BigDecimal cost,
                         long unpriced) {

    /** The cost as shown: dollars with six decimals, or a dash when unknown. */
    public String costText() {
        return cost == null ? "—" : "$" + cost.setScale(6).toPlainString();
    }

    public UsageTotal plus(UsageRow row) {
        BigDecimal rowCost = row.cost() == null ? null : new BigDecimal(row.cost());
        BigDecimal sum = cost == null ? rowCost : rowCost == null ? cost : cost.add(rowCost);
        return new UsageTotal(label, requests + row.apiCalls(), tokensIn + row.tokensIn(), cachedTokens + row.cachedTokens(),
                tokensOut + row.tokensOut(), sum, unpriced + row.unpricedCalls());
    }

    public static UsageTotal empty(String label) {
        return new UsageTotal(label, 0, 0, 0, 0, null, 0);
    }
}
