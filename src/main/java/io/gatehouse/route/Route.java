package io.gatehouse.route;

/** Where one attempt of a request goes: a configuration and the model name to send it (any prefix removed). */
public record Route(Upstream upstream, String upstreamModel) {
}
