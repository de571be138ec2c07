package io.gatehouse.console.view;

import java.time.Instant;

/** A key's use over the usage page's range: its name, the start of the newest bucket it was used in, its requests. */
public record KeyUse(String id, String name, Instant lastUsed, long requests) {
}
