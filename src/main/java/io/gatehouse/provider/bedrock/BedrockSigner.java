package io.gatehouse.provider.bedrock;

import io.gatehouse.provider.CredentialsUnavailable;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.RequestAuth;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Signs each Bedrock request with AWS Signature Version 4, using the AWS SDK's own signer (decision 0016): the
 * signature covers the method, URL, the request's headers and a hash of its body, so it is made per request, once the
 * request is final. The signing service is {@code bedrock} for both the runtime and the control plane; the region
 * comes from the endpoint ({@link BedrockEndpoints#region}). Temporary credentials (decision 0021) add the session
 * token as {@code X-Amz-Security-Token}, which the signature covers too; a request with no credentials yet (a role
 * not assumed so far) goes unsigned and AWS refuses it.
 */
final class BedrockSigner implements RequestAuth {
    static final String SERVICE = "bedrock";
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    /** Added headers that print masked. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-amz-security-token");

    private final AwsCredentialSource credentials;
    private final Clock clock;

    BedrockSigner(AwsCredentialSource credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public void prepare() throws CredentialsUnavailable {
        credentials.prepare();
    }

    @Override
    public List<Header> headers(String method, String url, List<Header> headers, byte[] body) {
        AwsCredentialsIdentity identity = credentials.current();
        if (identity == null) {
            return List.of();
        }
        URI uri = URI.create(url);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(h -> request.appendHeader(h.name(), h.value()));
        SdkHttpRequest signed = SIGNER.sign(r -> r.identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, BedrockEndpoints.region(uri.getHost()))
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        List<Header> added = new ArrayList<>(4);
        signed.forEachHeader((name, values) -> {
            // The signer adds Host (the HTTP client sends the same one), X-Amz-Date, X-Amz-Security-Token and Authorization.
            if (!name.equalsIgnoreCase("host") && headers.stream().noneMatch(h -> h.name().equalsIgnoreCase(name))) {
                added.add(SECRET_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))
                        ? Header.secret(name, values.getFirst()) : Header.of(name, values.getFirst()));
            }
        });
        return added;
    }
}
