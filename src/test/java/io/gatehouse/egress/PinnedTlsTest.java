package io.gatehouse.egress;

import io.gatehouse.route.Endpoint;
import io.gatehouse.route.Upstream;
import io.gatehouse.model.AiType;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.provider.UpstreamRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A provider call pinned to the checked address still speaks to the endpoint's name: the connection goes to the
 * address the egress policy checked, while the {@code Host} header, TLS SNI and the certificate check keep the
 * configured host name (a certificate for another name fails, even at the right address).
 */
class PinnedTlsTest {
    static Vertx vertx;
    static HttpServer server;
    static HttpClient client;
    static final AtomicReference<String> HOST_SEEN = new AtomicReference<>();
    static final AtomicReference<String> SNI_SEEN = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        SelfSignedCertificate certificate = SelfSignedCertificate.create("provider.gatehouse.test");
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true)
                        .setKeyCertOptions(certificate.keyCertOptions()))
                .requestHandler(request -> {
                    HOST_SEEN.set(request.authority() == null ? null : request.authority().toString());
                    SNI_SEEN.set(request.connection().indicatedServerName());
                    request.response().end("ok");
                });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient(new HttpClientOptions().setTrustOptions(certificate.trustOptions()));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Every name resolves to 127.0.0.1, where the server is (nothing is looked up). */
    static EgressPolicy policy() {
        return new EgressPolicy(true, List.of(), host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})});
    }

    static String call(String endpoint) throws Exception {
        Upstream upstream = new Upstream("cfg", "org", "ws", "tls", AiType.OTHER, Endpoint.parse(endpoint), null,
                ValidationStatus.VALID, Map.of());
        RequestOptions options = upstream.requestOptions(UpstreamRequest.post("/models", List.of(), new byte[0]),
                Duration.ofSeconds(5));
        EgressPolicy.Target target = policy().checkNow(upstream.endpoint().host(), upstream.endpoint().port());
        return client.request(target.pin(options)).compose(r -> r.send()).compose(r -> r.body()).map(Buffer::toString)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void thePinnedCallKeepsTheNameForHostSniAndTheCertificate() throws Exception {
        assertThat(call("https://provider.gatehouse.test:" + server.actualPort() + "/v1")).isEqualTo("ok");
        assertThat(HOST_SEEN.get()).isEqualTo("provider.gatehouse.test:" + server.actualPort());
        assertThat(SNI_SEEN.get()).isEqualTo("provider.gatehouse.test");
    }

    @Test
    void aCertificateForAnotherNameFailsAtTheRightAddress() {
        assertThatThrownBy(() -> call("https://other.gatehouse.test:" + server.actualPort() + "/v1"))
                .isInstanceOf(ExecutionException.class).hasStackTraceContaining("other.gatehouse.test");
    }
}
