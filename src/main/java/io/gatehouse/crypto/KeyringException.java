package io.gatehouse.crypto;

/** The master key is missing, malformed or does not open the stored secrets. */
public class KeyringException extends RuntimeException {
    public KeyringException(String message) {
        super(message);
    }
}
