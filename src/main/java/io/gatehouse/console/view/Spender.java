package io.gatehouse.console.view;

import java.math.BigDecimal;

/**
 * One end user or conversation of the usage page's AI dashboard breakdowns ({@code /v2/stats/ai/breakdown/users|
 * conversations}): its id, display name (a member's name, else the id), what it spent, and the usage page narrowed
 * to it ({@code filter}, a query string).
 */
public record Spender(String id, String name, long requests, long tokensIn, long tokensOut, long conversations,
                      BigDecimal cost, String filter) {

    /** The cost as shown: dollars with six decimals. */
    public String costText() {
        return "$" + cost.setScale(6).toPlainString();
    }
}
