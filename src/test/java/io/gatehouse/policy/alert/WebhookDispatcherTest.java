package io.gatehouse.policy.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.crypto.MasterKeyring;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.policy.PolicyAlert;
import io.gatehouse.store.Ids;
import io.gatehouse.testing.MigratedStore;
import io.gatehouse.testing.WebhookReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alert webhooks delivered to a local HTTP receiver: signed with the webhook's secret (checked here with an
 * independent HMAC), retried after 5xx until accepted and then never sent again, given up after the attempts or at
 * once on a 4xx, redirects not followed, a full queue dropping (and counting) rather than blocking the caller.
 */
@Tag("db")
class WebhookDispatcherTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "whsec-test-3f9a1c";

    MigratedStore store;
    SecretBox box;
    MeterRegistry registry;
    WebhookDispatcher dispatcher;
    WebhookReceiver receiver;
    String orgId;

    @BeforeEach
    void start() throws IOException {
        store = MigratedStore.create();
        box = new SecretBox(MasterKeyring.parse(Base64.getEncoder().encodeToString(Tokens.randomBytes(32)), "test"));
        registry = new SimpleMeterRegistry();
        receiver = new WebhookReceiver();
        orgId = organization("Acme");
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        receiver.close();
        store.close();
    }

    void startDispatcher(int queueCapacity, int attempts, int concurrency, Duration ttl) {
        dispatcher = new WebhookDispatcher(store.database().jdbi(), box,
                new WebhookDispatcher.Options(queueCapacity, attempts, Duration.ofMillis(50), Duration.ofSeconds(2), ttl,
                        concurrency), Clock.systemUTC(), registry);
    }

    String organization(String name) {
        String id = Ids.newId();
        store.database().jdbi().useHandle(h -> h.createUpdate(
                        "INSERT INTO organization (id, name, created_at) VALUES (:id, :name, :now)")
                .bind("id", id).bind("name", name).bind("now", Instant.now()).execute());
        return id;
    }

    String webhook(String org, String url, String secret) {
        String id = Ids.newId();
        store.database().jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO alert_webhook (id, org_id, url, secret_sealed, created_at)
                        VALUES (:id, :org, :url, :sealed, :now)""")
                .bind("id", id).bind("org", org).bind("url", url)
                .bind("sealed", secret == null ? null : box.seal(secret, "webhook/" + id))
                .bind("now", Instant.now()).execute());
        return id;
    }

    PolicyAlert alert(String org) {
        return new PolicyAlert(Ids.newId(), org, "ws-1", "policy-1", "No customer e-mails",
                Instant.parse("2026-11-26T23:00:00Z"), "The prompt holds a customer e-mail address.", "req-123", "user-9", "conv-9",
                "repo-1", "support-bot", "key-1", "prod key", "OPENAI", "gpt-4o", "api.openai.com", "INPUT", 1);
    }

    double count(String outcome) {
        return registry.get("gatehouse_alert_webhook_deliveries").tag("outcome", outcome).counter().count();
    }

    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void aSignedAlertReachesEveryWebhookOfItsOrganization() throws Exception {
        webhook(orgId, receiver.url("/signed"), SECRET);
        webhook(orgId, receiver.url("/unsigned"), null);
        webhook(organization("Other"), receiver.url("/other-org"), null);
        startDispatcher(100, 3, 4, Duration.ofSeconds(30));

        PolicyAlert alert = alert(orgId);
        dispatcher.notify(alert);
        await().atMost(Duration.ofSeconds(5)).until(() -> count("delivered") == 2);

        assertThat(receiver.received).hasSize(2);
        WebhookReceiver.Received signed = receiver.received.stream()
                .filter(r -> r.header("X-Gatehouse-Signature") != null).findFirst().orElseThrow();
        assertThat(signed.header("X-Gatehouse-Signature")).isEqualTo(hmac(SECRET, signed.body()));
        assertThat(WebhookSignature.matches(SECRET, signed.body(), signed.header("X-Gatehouse-Signature"))).isTrue();
        assertThat(WebhookSignature.matches("wrong", signed.body(), signed.header("X-Gatehouse-Signature"))).isFalse();
        assertThat(Long.parseLong(signed.header("X-Gatehouse-Timestamp")))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30L));
        assertThat(signed.header("Content-Type")).isEqualTo("application/json");
        assertThat(signed.header("X-Gatehouse-Event")).isEqualTo("policy.alert");

        JsonNode body = JSON.readTree(signed.body());
        assertThat(body.path("id").asText()).isEqualTo(alert.id());
        assertThat(body.path("policyId").asText()).isEqualTo("policy-1");
        assertThat(body.path("policyName").asText()).isEqualTo("No customer e-mails");
        assertThat(body.path("timestamp").asText()).isEqualTo("2026-11-26T23:00:00Z");
        assertThat(body.path("message").asText()).contains("e-mail address");
        assertThat(body.path("conversationId").asText()).isEqualTo("conv-9");
        assertThat(body.path("userId").asText()).isEqualTo("user-9");
        assertThat(body.path("requestId").asText()).isEqualTo("req-123");
        assertThat(body.path("repoName").asText()).isEqualTo("support-bot");
        assertThat(body.path("userName").isNull()).isTrue();
        assertThat(body.path("repoAiApiKeyName").asText()).isEqualTo("prod key");
        assertThat(body.path("llmType").asText()).isEqualTo("OPENAI");
        assertThat(body.path("llmModel").asText()).isEqualTo("gpt-4o");
        assertThat(body.path("host").asText()).isEqualTo("api.openai.com");
        assertThat(body.path("direction").asText()).isEqualTo("INPUT");
        assertThat(body.path("orgId").asText()).isEqualTo(orgId);
        assertThat(body.path("workspaceId").asText()).isEqualTo("ws-1");
        assertThat(body.path("repoAiApiKeyId").asText()).isEqualTo("key-1");

        WebhookReceiver.Received unsigned = receiver.received.stream().filter(r -> r != signed).findFirst().orElseThrow();
        assertThat(unsigned.header("X-Gatehouse-Signature")).isNull();
        assertThat(unsigned.header("X-Gatehouse-Timestamp")).isNull();
        assertThat(unsigned.body()).isEqualTo(signed.body());
    }

    @Test
    void serverErrorsAreRetriedUntilAcceptedAndNeverDeliveredTwice() throws Exception {
        webhook(orgId, receiver.url("/hook"), SECRET);
        receiver.statuses.addAll(List.of(500, 503));
        startDispatcher(100, 5, 4, Duration.ofSeconds(30));

        dispatcher.notify(alert(orgId));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("delivered") == 1);
        Thread.sleep(400);

        assertThat(receiver.received).hasSize(3);
        assertThat(receiver.received).extracting(r -> r.header("X-Gatehouse-Delivery")).containsOnly(
                receiver.received.getFirst().header("X-Gatehouse-Delivery"));
        for (WebhookReceiver.Received r : receiver.received) {
            assertThat(r.body()).isEqualTo(receiver.received.getFirst().body());
            assertThat(r.header("X-Gatehouse-Signature")).isEqualTo(hmac(SECRET, r.body()));
        }
        assertThat(count("failed")).isZero();
    }

    @Test
    void deliveryStopsAfterTheAttemptsOrAtOnceOnAClientError() throws Exception {
        webhook(orgId, receiver.url("/down"), null);
        receiver.statuses.addAll(List.of(502, 502, 502, 502));
        startDispatcher(100, 3, 4, Duration.ofSeconds(30));

        dispatcher.notify(alert(orgId));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("failed") == 1);
        Thread.sleep(300);
        assertThat(receiver.received).hasSize(3);

        receiver.received.clear();
        receiver.statuses.clear();
        receiver.statuses.add(400);
        dispatcher.notify(alert(orgId));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("failed") == 2);
        Thread.sleep(300);
        assertThat(receiver.received).hasSize(1);
        assertThat(count("delivered")).isZero();
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        try (WebhookReceiver elsewhere = new WebhookReceiver()) {
            receiver.redirectTo = elsewhere.url("/stolen");
            webhook(orgId, receiver.url("/moved"), SECRET);
            startDispatcher(100, 3, 4, Duration.ofSeconds(30));

            dispatcher.notify(alert(orgId));
            await().atMost(Duration.ofSeconds(5)).until(() -> count("failed") == 1);
            assertThat(receiver.received).hasSize(1);
            assertThat(elsewhere.received).isEmpty();
        }
    }

    @Test
    void unreachableWebhooksAreRetriedThenCountedAsFailed() {
        webhook(orgId, "http://127.0.0.1:1/nothing-listens", null);
        webhook(orgId, "ftp://example.com/not-http", null);
        startDispatcher(100, 2, 4, Duration.ofSeconds(30));

        dispatcher.notify(alert(orgId));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("failed") == 1);
        assertThat(count("delivered")).isZero();
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlockingTheCaller() {
        webhook(orgId, receiver.url("/slow"), null);
        receiver.delay = Duration.ofMillis(800);
        startDispatcher(1, 1, 1, Duration.ofSeconds(30));

        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            dispatcher.notify(alert(orgId));
        }
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("delivered") + count("dropped") == 10);
        assertThat(count("dropped")).isGreaterThanOrEqualTo(7);
        assertThat(count("delivered")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void webhooksAddedLaterAreUsedOnceTheCacheExpires() throws Exception {
        startDispatcher(100, 3, 4, Duration.ofMillis(200));
        dispatcher.notify(alert(orgId));
        Thread.sleep(100);
        assertThat(receiver.received).isEmpty();

        webhook(orgId, receiver.url("/new"), null);
        Thread.sleep(300);
        dispatcher.notify(alert(orgId));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("delivered") == 1);
        assertThat(new ArrayList<>(receiver.received)).hasSize(1);
    }
}
