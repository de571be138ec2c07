package io.gatehouse.egress;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The egress policy's decisions on names resolved by a scripted resolver (nothing is looked up): private targets
 * refused by default with a message that says how to allow them, the node's own listeners and metadata services
 * refused even when private targets are allowed, the allow-list, every resolved address checked, the connection
 * pinned to the checked address, and resolutions cached.
 */
class EgressPolicyTest {
    /** Names and the addresses they resolve to. */
    static final Map<String, List<String>> DNS = new ConcurrentHashMap<>(Map.of(
            "api.provider.test", List.of("8.8.8.8"),
            "ollama.lan.test", List.of("192.168.1.20"),
            "mixed.provider.test", List.of("8.8.4.4", "10.0.0.7"),
            "metadata.cloud.test", List.of("169.254.169.254"),
            "localhost", List.of("127.0.0.1", "::1")));
    static final AtomicInteger LOOKUPS = new AtomicInteger();

    static InetAddress[] resolve(String host) throws UnknownHostException {
        LOOKUPS.incrementAndGet();
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[addresses.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = InetAddress.getByAddress(host, InetAddress.getByName(addresses.get(i)).getAddress());
        }
        return out;
    }

    static EgressPolicy policy(boolean allowPrivate, String... allowlist) {
        return new EgressPolicy(allowPrivate, List.of(allowlist), EgressPolicyTest::resolve);
    }

    static EgressRefused.Reason refusal(EgressPolicy policy, String host, int port) {
        try {
            policy.checkNow(host, port);
            return null;
        } catch (EgressRefused refused) {
            return refused.reason();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void byDefaultEveryInternalTargetIsRefusedWithTheSettingsThatAllowIt() throws Exception {
        EgressPolicy policy = policy(false);
        for (String host : List.of("127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.0.1", "169.254.169.254", "100.64.1.1",
                "0.0.0.0", "[::1]", "::1", "[fd00::1]", "[fe80::1]", "[::ffff:127.0.0.1]", "localhost", "ollama.lan.test")) {
            assertThat(refusal(policy, host, 11434)).as(host).isIn(EgressRefused.Reason.PRIVATE, EgressRefused.Reason.METADATA);
        }
        EgressRefused refused = (EgressRefused) catchRefusal(() -> policy.checkNow("ollama.lan.test", 11434));
        assertThat(refused.getMessage()).contains("ollama.lan.test:11434").contains("providers.allow.private=true")
                .contains("providers.private.allowlist=ollama.lan.test:11434")
                .doesNotContain("192.168"); // never the address the name resolved to
        assertThat(policy.checkNow("api.provider.test", 443).address().getHostAddress()).isEqualTo("8.8.8.8");
        assertThat(policy.checkNow("1.1.1.1", 443).address().getHostAddress()).isEqualTo("1.1.1.1");
    }

    @Test
    void everyAddressANameResolvesToIsCheckedAndOnlyOneThatPassedIsCalled() throws Exception {
        DNS.put("private-first.provider.test", List.of("10.0.0.7", "8.8.4.4"));
        EgressPolicy policy = policy(false);
        assertThat(policy.checkNow("mixed.provider.test", 443).address().getHostAddress()).isEqualTo("8.8.4.4");
        assertThat(policy.checkNow("private-first.provider.test", 443).address().getHostAddress()).isEqualTo("8.8.4.4");
        assertThat(refusal(policy, "localhost", 443)).isEqualTo(EgressRefused.Reason.PRIVATE);
    }

    @Test
    void allowingPrivateTargetsStillRefusesOwnListenersAndMetadataServices() throws Exception {
        EgressPolicy policy = policy(true);
        policy.ownListener(8081);
        assertThat(policy.checkNow("127.0.0.1", 11434).address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(policy.checkNow("ollama.lan.test", 11434).port()).isEqualTo(11434);
        assertThat(refusal(policy, "127.0.0.1", 8081)).isEqualTo(EgressRefused.Reason.OWN_LISTENER);
        assertThat(refusal(policy, "localhost", 8081)).isEqualTo(EgressRefused.Reason.OWN_LISTENER);
        assertThat(refusal(policy, "0.0.0.0", 8081)).isEqualTo(EgressRefused.Reason.OWN_LISTENER);
        assertThat(refusal(policy, "169.254.169.254", 80)).isEqualTo(EgressRefused.Reason.METADATA);
        assertThat(refusal(policy, "[64:ff9b::a9fe:a9fe]", 80)).isEqualTo(EgressRefused.Reason.METADATA);
        assertThat(refusal(policy, "[fd00:ec2::254]", 80)).isEqualTo(EgressRefused.Reason.METADATA);
        assertThat(refusal(policy, "metadata.cloud.test", 80)).isEqualTo(EgressRefused.Reason.METADATA);
        assertThat(catchRefusal(() -> policy.checkNow("169.254.169.254", 80)).getMessage())
                .contains("only providers.private.allowlist=169.254.169.254:80 allows it");
    }

    @Test
    void theAllowListOpensExactlyTheTargetsItNames() throws Exception {
        EgressPolicy policy = policy(false, "127.0.0.1:11434", "ollama.lan.test:8000", "[::1]:9000", "169.254.169.254:80");
        policy.ownListener(9000);
        assertThat(policy.checkNow("127.0.0.1", 11434)).isNotNull();
        // localhost resolves to 127.0.0.1 and ::1: the call goes to the listed one.
        assertThat(policy.checkNow("localhost", 11434).address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(refusal(policy, "127.0.0.1", 11435)).isEqualTo(EgressRefused.Reason.PRIVATE);
        assertThat(policy.checkNow("ollama.lan.test", 8000)).isNotNull();
        assertThat(refusal(policy, "ollama.lan.test", 8001)).isEqualTo(EgressRefused.Reason.PRIVATE);
        assertThat(policy.checkNow("[::1]", 9000)).isNotNull();
        assertThat(policy.checkNow("169.254.169.254", 80)).isNotNull();
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWhateverTheNameResolvesToLater() throws Exception {
        DNS.put("rebinding.provider.test", List.of("8.8.8.8"));
        EgressPolicy policy = policy(false);
        EgressPolicy.Target target = policy.checkNow("rebinding.provider.test", 443);
        DNS.put("rebinding.provider.test", List.of("127.0.0.1"));
        RequestOptions options = target.pin(new RequestOptions().setHost("rebinding.provider.test").setPort(443));
        assertThat(((io.vertx.core.net.SocketAddress) options.getServer()).hostAddress()).isEqualTo("8.8.8.8");
        assertThat(options.getHost()).isEqualTo("rebinding.provider.test");
        // Within the cache's lifetime the name is not looked up again, so it cannot turn internal in between.
        int lookups = LOOKUPS.get();
        assertThat(policy.checkNow("rebinding.provider.test", 443).address().getHostAddress()).isEqualTo("8.8.8.8");
        assertThat(LOOKUPS.get()).isEqualTo(lookups);
    }

    @Test
    void onTheEventLoopAResolvedNameIsDecidedOffItAndUnknownNamesFail() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            EgressPolicy policy = policy(false);
            var context = vertx.getOrCreateContext();
            var checked = new java.util.concurrent.CompletableFuture<Object>();
            context.runOnContext(v -> policy.check("api.provider.test", 443).onComplete(done -> checked.complete(
                    io.vertx.core.Vertx.currentContext() == context && done.succeeded() ? done.result().address() : done.cause())));
            assertThat(checked.get(5, TimeUnit.SECONDS)).isEqualTo(InetAddress.getByName("8.8.8.8"));
            var unknown = new java.util.concurrent.CompletableFuture<Throwable>();
            context.runOnContext(v -> policy.check("nowhere.provider.test", 443).onComplete(done -> unknown.complete(done.cause())));
            assertThat(unknown.get(5, TimeUnit.SECONDS)).isInstanceOf(UnknownHostException.class);
            var refused = new java.util.concurrent.CompletableFuture<Throwable>();
            context.runOnContext(v -> policy.check("ollama.lan.test", 80).onComplete(done -> refused.complete(done.cause())));
            assertThat(refused.get(5, TimeUnit.SECONDS)).isInstanceOf(EgressRefused.class);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void settingsAndABadAllowList() throws Exception {
        EgressPolicy fromSettings = EgressPolicy.from(Settings.of(Map.of("providers.private.allowlist",
                " 127.0.0.1:11434 , [::1]:8000")));
        assertThat(fromSettings.checkNow("127.0.0.1", 11434)).isNotNull();
        assertThat(fromSettings.checkNow("::1", 8000)).isNotNull();
        assertThatThrownBy(() -> fromSettings.checkNow("10.0.0.1", 80)).isInstanceOf(EgressRefused.class);
        assertThatThrownBy(() -> EgressPolicy.from(Settings.of(Map.of("providers.private.allowlist", "localhost"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("host:port");
    }

    private static Throwable catchRefusal(ThrowingCall call) {
        try {
            call.run();
            throw new AssertionError("not refused");
        } catch (EgressRefused refused) {
            return refused;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }
}
