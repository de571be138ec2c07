package io.gatehouse.provider;

/** The outcome of fetching one {@link RemoteMedia}, keyed by URL when handed to the translator. */
public sealed interface MediaFetch {

    /** @param mimeType the response's content type, e.g. {@code image/png} */
    record Fetched(String mimeType, byte[] bytes) implements MediaFetch {
    }

    /** @param reason why it failed, said to the client (no internal details) */
    record Failed(String reason) implements MediaFetch {
    }
}
