package io.gatehouse.provider;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of an OpenAI chunk stream that SDK stream helpers depend on (MAPPING §4.1). */
public final class StreamChecks {
    private StreamChecks() {
    }

    /** PITFALLS 2: id/type/name once per tool index, role once per stream, no trailing summary chunk. */
    public static void assertOnceOnly(String sse) {
        int roles = 0;
        Map<Integer, Integer> ids = new HashMap<>();
        Map<Integer, Integer> names = new HashMap<>();
        Map<Integer, StringBuilder> arguments = new HashMap<>();
        for (SseFrames.Frame frame : SseFrames.split(sse)) {
            if (frame.data().equals("[DONE]")) {
                continue;
            }
            JsonNode chunk = ProviderJson.read(Fixtures.utf8(frame.data()));
            for (JsonNode choice : chunk.path("choices")) {
                roles += choice.path("delta").has("role") ? 1 : 0;
                for (JsonNode call : choice.path("delta").path("tool_calls")) {
                    int index = call.get("index").asInt();
                    ids.merge(index, call.has("id") ? 1 : 0, Integer::sum);
                    names.merge(index, call.path("function").has("name") ? 1 : 0, Integer::sum);
                    arguments.computeIfAbsent(index, i -> new StringBuilder())
                            .append(call.path("function").path("arguments").asText(""));
                }
            }
        }
        assertThat(roles).isEqualTo(1);
        ids.values().forEach(count -> assertThat(count).isEqualTo(1));
        names.values().forEach(count -> assertThat(count).isEqualTo(1));
        arguments.values().forEach(args -> assertThat(ProviderJson.readLenient(Fixtures.utf8(args.toString())).isObject())
                .as("arguments %s parse as one JSON object", args).isTrue());
    }
}
