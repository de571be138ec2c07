package io.gatehouse.gateway;

import java.time.Instant;

/**
 * Where the Responses API keeps what {@code previous_response_id}, {@code GET} and {@code DELETE /v1/responses/{id}}
 * read, scoped to a repository: another repository's id is not there. {@link #keep} is called on an event loop and
 * writes off it, but what it keeps is found at once; {@link #find} and {@link #delete} block (run them off the
 * event loop).
 */
public interface ResponseStore {

    /** A kept response: the answer as the client got it and the conversation a continuation reads (both JSON). */
    record Stored(String id, String orgId, String repoId, Instant createdAt, String response, String conversation) {
    }

    void keep(Stored response);

    /** The response {@code id} of {@code repoId}, or null. */
    Stored find(String repoId, String id);

    /** Deletes the response {@code id} of {@code repoId}; false when there was none. */
    boolean delete(String repoId, String id);
}
