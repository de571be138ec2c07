package io.gatehouse.model.price;

/** The row a model was priced by, and the version of the list it came from (stored with each usage record). */
public record PriceMatch(PriceRow row, String version) {
}
