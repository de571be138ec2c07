package io.gatehouse.provider;

import io.gatehouse.crypto.Secret;

/**
 * A configuration's opened credentials, as {@link ProviderAdapter#auth(String, Credentials)} turns them into each
 * request's authentication: the key id ({@code key}, null when not given) and the secret, and the temporary-credential
 * fields only AWS configurations carry (a session token, a role to assume with its optional external id; null when
 * not given). The secrets print masked.
 */
public record Credentials(String keyId, Secret secret, Secret sessionToken, String roleArn, String externalId) {

    /** A key id (or null) and a secret, nothing temporary. */
    public static Credentials of(String keyId, Secret secret) {
        return new Credentials(keyId, secret, null, null, null);
    }
}
