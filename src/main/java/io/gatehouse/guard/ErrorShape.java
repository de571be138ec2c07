package io.gatehouse.guard;

/**
 * How a listener words its errors ({@link ListenerGuard} answers some before any route runs: 408, 414, 431, 400), so
 * a client gets the same JSON shape as from the listener's own routes.
 */
@FunctionalInterface
public interface ErrorShape {
    /**
     * The JSON body of an error.
     *
     * @param path the request's path as far as it is known (a listener with several shapes picks one by it), or ""
     */
    byte[] body(String path, int status, String code, String message);
}
