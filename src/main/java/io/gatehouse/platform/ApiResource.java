package io.gatehouse.platform;

/** A Platform API resource (one per package under {@code io.gatehouse.platform}) registering its routes. */
public interface ApiResource {
    void register(ApiRoutes routes);
}
