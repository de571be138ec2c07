package io.gatehouse.model;

/**
 * A value from outside that the domain refuses, with a message fit to show the caller (it names the field and the
 * accepted values, never a secret). {@link #malformed()} tells a value of the wrong form (an unknown enum name) from a
 * well-formed one the rules refuse (a zero limit); the API edge maps them to 400 and 422.
 */
public final class InvalidValueException extends RuntimeException {
    private final boolean malformed;

    private InvalidValueException(String message, boolean malformed) {
        super(message, null, false, false);
        this.malformed = malformed;
    }

    /** Missing, or not one of the accepted forms. */
    public static InvalidValueException malformed(String message) {
        return new InvalidValueException(message, true);
    }

    /** Well formed, but outside what the rules allow. */
    public static InvalidValueException refused(String message) {
        return new InvalidValueException(message, false);
    }

    public boolean malformed() {
        return malformed;
    }
}
