package io.gatehouse.gateway;

import java.util.UUID;

/**
 * The one id of a gateway request: echoed in the {@code x-request-id} response header, written to the access log and
 * the request's span, and stored as the conversation id of its policy violations and alerts. A client's own
 * {@code x-request-id} is honoured when it is sane — 1 to 64 characters of letters, digits and {@code . _ : / + = @ -}
 * — so it cannot break a log line or a header; anything else gets a new UUID.
 */
final class RequestId {
    static final String HEADER = "x-request-id";
    private static final int MAX_LENGTH = 64;

    private RequestId() {
    }

    /** The client's id when sane, else a new one. */
    static String of(String sent) {
        return sane(sent) ? sent : UUID.randomUUID().toString();
    }

    static boolean sane(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ".-_:/+=@".indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
