package io.gatehouse.model.price;

/**
 * What one request cost: {@code micros} in micro-dollars (rounded once, per request), with the price list version and
 * the row that priced it. A request with tokens but no price row is unpriced: {@code micros} is null, never a zero
 * that looks known. A request without tokens cost nothing, whatever its model.
 */
public record Cost(Long micros, String priceVersion, String priceModel) {
    public static final Cost UNPRICED = new Cost(null, null, null);
    public static final Cost NOTHING = new Cost(0L, null, null);

    public boolean priced() {
        return micros != null;
    }
}
