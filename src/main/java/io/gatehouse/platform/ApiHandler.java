package io.gatehouse.platform;

/** One Platform API operation. It runs on a virtual thread, so it may block on the store. */
@FunctionalInterface
public interface ApiHandler {
    Reply handle(ApiRequest request) throws Exception;
}
