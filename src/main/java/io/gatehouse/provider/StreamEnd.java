package io.gatehouse.provider;

/** Where a stream translation stands. */
public enum StreamEnd {
    /** Still reading the upstream. */
    RUNNING,
    /** The upstream finished properly; the client got its terminal frames ({@code [DONE]} / {@code message_stop}). */
    COMPLETED,
    /** The upstream reported an error inside the stream; the client got an error frame and no {@code [DONE]}. */
    UPSTREAM_ERROR,
    /** The upstream ended without a terminal event (or with a frame we could not read); the client got an error frame. */
    TRUNCATED
}
