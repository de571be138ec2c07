package io.gatehouse.provider;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A plan that may need linked images first: Gemini takes image bytes inline, so its plans list the remote media to
 * fetch and finish once the gateway has fetched them (with its own size, time and network limits). Every other plan
 * is {@link #ready}.
 */
public record PendingPlan(List<RemoteMedia> media, Function<Map<String, MediaFetch>, CallPlan> complete) {

    public static PendingPlan ready(CallPlan plan) {
        return new PendingPlan(List.of(), fetched -> plan);
    }
}
