package io.gatehouse.model;

import java.time.Instant;

/**
 * Where alerts of an organization are POSTed. The signing secret stays sealed here; only the delivery opens it.
 *
 * @param secretSealed null for an unsigned webhook
 */
public record AlertWebhook(String id, String orgId, String url, String secretSealed, Instant createdAt) {

    public boolean signed() {
        return secretSealed != null;
    }

    @Override
    public String toString() {
        return "AlertWebhook[" + id + ", " + url + (signed() ? ", signed" : "") + "]";
    }
}
