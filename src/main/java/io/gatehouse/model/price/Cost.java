package io.gatehouse.model.price;

/**
 * What one request cost: {@code micros} in micro-dollars (rounded once, per request), with the version of the price
 * list that priced it (with the model, that names the row: matching is deterministic). A request with tokens but no
 * price row is unpriced: {@code micros} is null, never a zero that looks known. A request without tokens cost
 * nothing, whatever its model.
 */
public record Cost(Long micros, String priceVersion) {
    public static final Cost UNPRICED = new Cost(null, null);
    public static final Cost NOTHING = new Cost(0L, null);

    public boolean priced() {
        return micros != null;
    }
}
