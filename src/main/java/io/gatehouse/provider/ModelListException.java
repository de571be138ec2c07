package io.gatehouse.provider;

/** A provider answered its models endpoint with something that is not a model list of its format. */
public final class ModelListException extends Exception {
    public ModelListException(String message) {
        super(message, null, false, false);
    }
}
