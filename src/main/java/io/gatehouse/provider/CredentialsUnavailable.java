package io.gatehouse.provider;

/**
 * The credentials a request would be signed with cannot be had (temporary credentials that could not be obtained or
 * renewed). Its message names the cause and never a secret: it is shown as a validation message.
 */
public final class CredentialsUnavailable extends Exception {
    public CredentialsUnavailable(String message) {
        super(message, null, false, false);
    }
}
