package io.gatehouse.provider.bedrock;

import io.gatehouse.provider.CredentialsUnavailable;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Where a configuration's requests get the AWS credentials they are signed with: fixed ones (an access key, with its
 * session token when given) or a role's temporary ones ({@link AssumedRole}).
 */
interface AwsCredentialSource {

    /** The credentials to sign with now, without blocking; null when none were obtained yet (sent unsigned). */
    AwsCredentialsIdentity current();

    /** Blocking: obtains credentials when none usable are at hand (validation). */
    default void prepare() throws CredentialsUnavailable {
    }

    /** An access key, with its session token when given: signed requests then carry {@code X-Amz-Security-Token}. */
    static AwsCredentialSource fixed(AwsCredentialsIdentity identity) {
        return () -> identity;
    }
}
