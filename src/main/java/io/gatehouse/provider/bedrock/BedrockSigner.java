package io.gatehouse.provider.bedrock;

import io.gatehouse.crypto.Secret;
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

/**
 * Signs each Bedrock request with AWS Signature Version 4, using the AWS SDK's own signer (decision 0016): the
 * signature covers the method, URL, the request's headers and a hash of its body, so it is made per request, once the
 * request is final. The signing service is {@code bedrock} for both the runtime and the control plane; the region
 * comes from the endpoint ({@link BedrockEndpoints#region}).
 */
final class BedrockSigner implements RequestAuth {
    static final String SERVICE = "bedrock";
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final AwsCredentialsIdentity identity;
    private final Clock clock;

    BedrockSigner(String accessKeyId, Secret secretAccessKey, Clock clock) {
        this.identity = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey.reveal());
        this.clock = clock;
    }

    @Override
    public List<Header> headers(String method, String url, List<Header> headers, byte[] body) {
        URI uri = URI.create(url);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(h -> request.appendHeader(h.name(), h.value()));
        SdkHttpRequest signed = SIGNER.sign(r -> r.identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, BedrockEndpoints.region(uri.getHost()))
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        List<Header> added = new ArrayList<>(3);
        signed.forEachHeader((name, values) -> {
            // The signer adds Host (the HTTP client sends the same one), X-Amz-Date and Authorization.
            if (!name.equalsIgnoreCase("host") && headers.stream().noneMatch(h -> h.name().equalsIgnoreCase(name))) {
                added.add(name.equalsIgnoreCase("authorization") ? Header.secret(name, values.getFirst())
                        : Header.of(name, values.getFirst()));
            }
        });
        return added;
    }
}
