package io.gatehouse.provider.bedrock;

import io.gatehouse.provider.CredentialsUnavailable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.time.Duration;

/**
 * One STS {@code AssumeRole} call through the AWS SDK's STS client (over the JDK's URL connection: blocking, so only
 * ever called off the event loop), signed with the configuration's long-lived access key (and its session token when
 * given). The client is made for the call and closed after it: a role is assumed about once an hour.
 *
 * @param endpoint the STS base URL ({@link BedrockEndpoints#sts})
 * @param source   the credentials the role is assumed with
 */
record StsAssumeRole(String endpoint, AwsCredentials source, String roleArn, String externalId, String sessionName)
        implements AssumedRole.Sts {
    /** How long the temporary credentials are asked to last (STS's default, and every role's minimum maximum). */
    static final Duration SESSION = Duration.ofHours(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static StsAssumeRole of(String endpoint, String accessKeyId, String secretAccessKey, String sessionToken,
                            String roleArn, String externalId, String sessionName) {
        AwsCredentials source = sessionToken == null ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken);
        return new StsAssumeRole(endpoint, source, roleArn, externalId, sessionName);
    }

    @Override
    public AssumedRole.Temporary assume() throws CredentialsUnavailable {
        URI uri = URI.create(endpoint);
        try (StsClient sts = StsClient.builder()
                .region(Region.of(BedrockEndpoints.region(uri.getHost())))
                .endpointOverride(uri)
                .credentialsProvider(StaticCredentialsProvider.create(source))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(TIMEOUT).socketTimeout(TIMEOUT).build())
                .overrideConfiguration(c -> c.apiCallTimeout(TIMEOUT.multipliedBy(2)).retryStrategy(RetryMode.STANDARD))
                .build()) {
            AssumeRoleResponse answer = sts.assumeRole(r -> r.roleArn(roleArn).externalId(externalId)
                    .roleSessionName(sessionName).durationSeconds((int) SESSION.toSeconds()));
            var issued = answer.credentials();
            return new AssumedRole.Temporary(AwsSessionCredentialsIdentity.create(issued.accessKeyId(),
                    issued.secretAccessKey(), issued.sessionToken()), issued.expiration());
        } catch (StsException e) {
            var details = e.awsErrorDetails();
            throw new CredentialsUnavailable("STS refused to assume the role " + roleArn + " (AssumeRole at " + uri.getHost()
                    + " answered HTTP " + e.statusCode() + (details == null ? "" : " " + details.errorCode() + ": "
                    + details.errorMessage()) + ")");
        } catch (SdkException e) {
            throw new CredentialsUnavailable("The role " + roleArn + " could not be assumed: STS at " + uri.getHost()
                    + " did not answer (" + e.getMessage() + ")");
        }
    }

    /** Names the role, never the source credentials. */
    @Override
    public String toString() {
        return "StsAssumeRole{" + roleArn + " at " + endpoint + "}";
    }
}
