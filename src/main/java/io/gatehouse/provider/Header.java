package io.gatehouse.provider;

/**
 * One HTTP header. Headers that carry credentials print their value masked, so a request description can be
 * logged without leaking the provider key.
 */
public record Header(String name, String value, boolean sensitive) {

    public static Header of(String name, String value) {
        return new Header(name, value, false);
    }

    public static Header secret(String name, String value) {
        return new Header(name, value, true);
    }

    @Override
    public String toString() {
        return name + ": " + (sensitive ? "***" : value);
    }
}
