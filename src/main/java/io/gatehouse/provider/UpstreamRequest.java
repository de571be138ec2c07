package io.gatehouse.provider;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What to send upstream, without credentials: the gateway prefixes {@code path} (which may carry a query) with the
 * configuration's base endpoint and adds {@link WireFormat#authHeaders}.
 */
public record UpstreamRequest(String method, String path, List<Header> headers, byte[] body) {

    public static UpstreamRequest post(String path, List<Header> headers, byte[] body) {
        return new UpstreamRequest("POST", path, List.copyOf(headers), body);
    }

    public static UpstreamRequest get(String path, List<Header> headers) {
        return new UpstreamRequest("GET", path, List.copyOf(headers), new byte[0]);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + path + " " + headers + " (" + body.length + " bytes)";
    }
}
