package io.gatehouse.provider;

import java.util.List;

/**
 * How one configuration's requests are authenticated. Most providers send the same key headers on every request;
 * AWS signs each request (SigV4) over its method, address, headers and body, so the headers are asked for per
 * request, once the request is final.
 */
@FunctionalInterface
public interface RequestAuth {

    /**
     * The headers that authenticate this request; they print masked (see {@link Header#secret}).
     *
     * @param url     the full request URL: scheme, host, port when not the default, path and query
     * @param headers the request's own headers (without authentication)
     */
    List<Header> headers(String method, String url, List<Header> headers, byte[] body);

    /**
     * Blocking: obtains what signing needs when it is not at hand yet (temporary credentials), for callers that may
     * wait (validation, on a virtual thread). The gateway never calls it: {@link #headers} does not block.
     */
    default void prepare() throws CredentialsUnavailable {
    }

    /** The same headers on every request. */
    static RequestAuth fixed(List<Header> headers) {
        List<Header> copy = List.copyOf(headers);
        return (method, url, ownHeaders, body) -> copy;
    }
}
