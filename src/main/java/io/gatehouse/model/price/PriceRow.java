package io.gatehouse.model.price;

import java.util.Locale;

/**
 * One row of a price list: the model it prices (an exact id, or a family: an id prefix ending in {@code *}), its
 * prices, an optional long-context tier, and — in the shipped table — where the prices were read and when.
 *
 * @param longContext the prices of a request whose prompt (every class together) is above {@code longContextAbove}
 *                    tokens, the way Gemini and Anthropic price long prompts; null when the model has one price
 * @param source      the vendor's pricing page; null for a configuration's own prices
 * @param date        the day the prices were read from it (ISO date); null for a configuration's own prices
 */
public record PriceRow(String model, Price price, Long longContextAbove, Price longContext, String source, String date) {
    public PriceRow {
        model = model.toLowerCase(Locale.ROOT);
    }

    /** Whether this row is a family ({@code gpt-4.1*}) rather than one model. */
    public boolean isFamily() {
        return model.endsWith("*");
    }

    String prefix() {
        return model.substring(0, model.length() - 1);
    }

    /** The prices that apply to a request with these tokens. */
    public Price priceFor(TokenCounts tokens) {
        return longContext != null && tokens.prompt() > longContextAbove ? longContext : price;
    }
}
