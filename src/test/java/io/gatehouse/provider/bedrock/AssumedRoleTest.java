package io.gatehouse.provider.bedrock;

import io.gatehouse.provider.CredentialsUnavailable;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.MovableClock;
import io.gatehouse.testing.fake.FakeBedrock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A role's temporary credentials against the fake's STS (which verifies each AssumeRole's SigV4 signature): assumed
 * with the long-lived key, external id and session name; renewed {@link AssumedRole#REFRESH_AHEAD} before expiry
 * without blocking the caller, by an injected clock; a failed renewal keeps the credentials still valid; once they
 * have expired with STS down, validation gets a clear reason and requests keep the expired ones (AWS refuses them).
 */
class AssumedRoleTest {
    static final String KEY_ID = "AKIAFAKEBEDROCK00001";
    static final String SECRET = "fakeSecretAccessKey/0123456789abcdefGHIJ";
    static final String ROLE = "arn:aws:iam::123456789012:role/bedrock-caller";

    final FakeBedrock sts = new FakeBedrock(KEY_ID, SECRET);
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T12:00:00Z"));
    final List<Duration> scheduled = new ArrayList<>();

    @AfterEach
    void stop() {
        sts.close();
    }

    private AssumedRole role(String secret, String sessionToken) {
        sts.clock(clock);
        return new AssumedRole(StsAssumeRole.of(sts.baseUrl(), KEY_ID, secret, sessionToken, ROLE, "ext-0042",
                BedrockAdapter.SESSION_NAME), clock, (task, delay) -> scheduled.add(delay), () -> { });
    }

    @Test
    void assumesTheRoleWithTheLongLivedKeyThroughASignedAssumeRole() throws Exception {
        AssumedRole role = role(SECRET, null);
        assertThat(role.current()).as("nothing before the first renewal; it starts in the background").isNull();
        role.prepare();
        AwsCredentialsIdentity signing = role.current();
        FakeBedrock.Issued issued = sts.lastIssued();
        assertThat(signing).isInstanceOf(AwsSessionCredentialsIdentity.class);
        assertThat(signing.accessKeyId()).isEqualTo(issued.accessKeyId());
        assertThat(((AwsSessionCredentialsIdentity) signing).sessionToken()).isEqualTo(issued.sessionToken());
        assertThat(issued.request()).containsEntry("RoleArn", ROLE).containsEntry("ExternalId", "ext-0042")
                .containsEntry("RoleSessionName", "gatehouse").containsEntry("DurationSeconds", "3600");
        FakeBedrock.Recorded call = sts.requests().getLast();
        // The SDK's STS client signs at the wall clock's date, not the test clock's.
        assertThat(call.header("authorization")).containsPattern("Credential=" + KEY_ID + "/\\d{8}/us-east-1/sts/aws4_request");
        assertThat(scheduled).as("renewal scheduled 5 minutes before expiry").contains(Duration.ofMinutes(55));
    }

    @Test
    void aSourceSessionTokenIsSignedIntoTheAssumeRoleCall() throws Exception {
        sts.sessionToken("IQoJb3JpZ2luX2VjEFAKE");
        AssumedRole role = role(SECRET, "IQoJb3JpZ2luX2VjEFAKE");
        role.prepare();
        assertThat(sts.requests().getLast().header("x-amz-security-token")).isEqualTo("IQoJb3JpZ2luX2VjEFAKE");
        assertThat(sts.requests().getLast().header("authorization")).contains("x-amz-security-token");
    }

    @Test
    void aWrongSecretIsRefusedBySTSWithItsReason() {
        AssumedRole role = role("not-the-secret-access-key-0123456789", null);
        assertThatThrownBy(role::prepare).isInstanceOf(CredentialsUnavailable.class)
                .hasMessageContaining("STS refused to assume the role " + ROLE).hasMessageContaining("HTTP 403")
                .hasMessageContaining("SignatureDoesNotMatch").hasMessageNotContaining("not-the-secret");
    }

    @Test
    void renewsFiveMinutesBeforeExpiryWithoutBlockingTheRequest() throws Exception {
        AssumedRole role = role(SECRET, null);
        role.prepare();
        String first = role.current().accessKeyId();
        clock.advance(Duration.ofMinutes(54));
        assertThat(role.current().accessKeyId()).as("not due yet").isEqualTo(first);
        assertThat(sts.assumed()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2)); // 4 minutes before expiry
        assertThat(role.current().accessKeyId()).as("signs with those at hand while renewing").isEqualTo(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> !role.current().accessKeyId().equals(first));
        assertThat(sts.assumed()).isEqualTo(2);
        assertThat(sts.lastIssued().expiration()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void aFailedRenewalKeepsValidCredentialsAndOnceExpiredValidationSaysWhy() throws Exception {
        AssumedRole role = role(SECRET, null);
        role.prepare();
        String first = role.current().accessKeyId();
        sts.stsUp(false);
        clock.advance(Duration.ofMinutes(57));
        role.prepare(); // renewal fails, the credentials hold 3 more minutes
        assertThat(role.current().accessKeyId()).isEqualTo(first);

        clock.advance(Duration.ofMinutes(4)); // expired
        assertThatThrownBy(role::prepare).isInstanceOf(CredentialsUnavailable.class)
                .hasMessageContaining("HTTP 503").hasMessageContaining("ServiceUnavailable");
        assertThat(role.current().accessKeyId()).as("requests go out with the expired ones: AWS refuses them").isEqualTo(first);

        assertThat(CapturedLogs.matching("Could not renew the temporary AWS credentials")).contains(ROLE, "ServiceUnavailable")
                .doesNotContain(SECRET, sts.lastIssued().secretAccessKey(), sts.lastIssued().sessionToken());

        sts.stsUp(true);
        role.prepare();
        assertThat(role.current().accessKeyId()).isNotEqualTo(first);
    }
}
