package io.gatehouse.policy.alert;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gatehouse.crypto.Secret;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.store.SealedColumns;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The webhooks of each organization ({@code alert_webhook}) with their signing secrets opened, read from the store
 * when first needed and again once they are older than the time to live. Blocking: used on the dispatcher's own
 * thread only. A webhook whose URL is not http(s) or whose secret does not open is left out (logged, never with
 * the secret).
 */
final class WebhookTargets {
    private static final Logger log = LoggerFactory.getLogger(WebhookTargets.class);

    /** One place to deliver to; {@code secret} is null for an unsigned webhook. */
    record Target(String id, URI url, Secret secret) {
        @Override
        public String toString() {
            return "webhook " + id + " (" + url.getScheme() + "://" + url.getHost() + ")";
        }
    }

    private final Jdbi jdbi;
    private final SecretBox box;
    /** Each organization's targets, dropped once older than the time to live (Caffeine: no scan, no lock held). */
    private final Cache<String, List<Target>> byOrg;

    WebhookTargets(Jdbi jdbi, SecretBox box, Duration ttl) {
        this.jdbi = jdbi;
        this.box = box;
        this.byOrg = Caffeine.newBuilder().expireAfterWrite(ttl).build();
    }

    List<Target> of(String orgId) {
        return byOrg.get(orgId, this::load);
    }

    private List<Target> load(String orgId) {
        List<StoredWebhook> rows = jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, url, secret_sealed FROM alert_webhook WHERE org_id = :org ORDER BY created_at, id")
                .bind("org", orgId)
                .map((rs, ctx) -> new StoredWebhook(rs.getString("id"), rs.getString("url"), rs.getString("secret_sealed")))
                .list());
        List<Target> targets = new ArrayList<>();
        for (StoredWebhook row : rows) {
            URI url = httpUrl(row.url());
            if (url == null) {
                log.warn("Alert webhook {} of organization {} has no http(s) URL; it is skipped", row.id(), orgId);
                continue;
            }
            Secret secret = null;
            if (row.secretSealed() != null) {
                try {
                    secret = box.open(row.secretSealed(), SealedColumns.WEBHOOK_SECRET.context(row.id()));
                } catch (RuntimeException e) {
                    log.error("The signing secret of alert webhook {} does not open; it is skipped: {}", row.id(),
                            e.getMessage());
                    continue;
                }
            }
            targets.add(new Target(row.id(), url, secret));
        }
        return List.copyOf(targets);
    }

    /** A webhook as stored: its signing secret still sealed (null for an unsigned one). */
    private record StoredWebhook(String id, String url, String secretSealed) {
    }

    /** An absolute http(s) URL with a host, or null. */
    static URI httpUrl(String text) {
        try {
            URI url = URI.create(text.strip());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null ? url : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
