package io.gatehouse.model.price;

import io.gatehouse.model.AiType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Prices requests: finds the row for a model — a configuration's own prices first, then the shipped table of its
 * provider type — and turns token counts into micro-dollars, rounded half up once per request (decision 0013).
 */
public final class CostCalculator {
    private final PriceTable table;

    public CostCalculator(PriceTable table) {
        this.table = table;
    }

    /** The row pricing {@code model} on a configuration of {@code type} with its own {@code overrides}. */
    public Optional<PriceMatch> find(AiType type, PriceList overrides, String model) {
        Optional<PriceMatch> own = overrides.find(model);
        return own.isPresent() ? own : table.list(type).find(model);
    }

    /** What {@code tokens} cost by this row, in micro-dollars rounded half up. */
    public static long micros(PriceRow row, TokenCounts tokens) {
        return row.priceFor(tokens).micros(tokens).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** The cost of one request: nothing without tokens, unpriced without a row. */
    public Cost cost(AiType type, PriceList overrides, String model, TokenCounts tokens) {
        if (tokens.isEmpty()) {
            return Cost.NOTHING;
        }
        return find(type, overrides, model)
                .map(m -> new Cost(micros(m.row(), tokens), m.version()))
                .orElse(Cost.UNPRICED);
    }

    /** Micro-dollars as the API shows them: a decimal string of dollars with six decimals ({@code "0.001234"}). */
    public static String dollars(long micros) {
        return BigDecimal.valueOf(micros, 6).toPlainString();
    }
}
