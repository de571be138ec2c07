package io.gatehouse.policy.alert;

import io.gatehouse.policy.PolicyAlert;
import io.gatehouse.store.Ids;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.WebhookReceiver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A node's {@code alertNotifier()} delivers to the organization's webhooks and counts it on {@code /metrics}. */
@Tag("db")
class AlertNotifierWiringTest {

    @Test
    void aNodeSendsAlertsToItsOrganizationsWebhooks() throws Exception {
        try (TestServer server = TestServer.start(); WebhookReceiver receiver = new WebhookReceiver()) {
            String orgId = server.owner().orgId();
            server.node().database().jdbi().useHandle(h -> h.createUpdate("""
                            INSERT INTO alert_webhook (id, org_id, url, secret_sealed, created_at)
                            VALUES (:id, :org, :url, NULL, :now)""")
                    .bind("id", Ids.newId()).bind("org", orgId).bind("url", receiver.url("/alerts"))
                    .bind("now", Instant.now()).execute());

            server.node().alertNotifier().notify(new PolicyAlert(Ids.newId(), orgId, null, "policy-1", "No secrets",
                    Instant.now(), "An API key was sent.", "req-1", null, null, null, null, null, null, "OPENAI", "gpt-4o",
                    "api.openai.com", "INPUT", 1));

            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received.size() == 1);
            assertThat(new String(receiver.received.getFirst().body())).contains("\"policyName\":\"No secrets\"");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.admin().get("/metrics").body()
                    .contains("gatehouse_alert_webhook_deliveries_total{outcome=\"delivered\"} 1.0"));
        }
    }
}
