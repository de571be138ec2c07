package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.model.PolicyAction;
import io.gatehouse.policy.Evaluation;
import io.gatehouse.policy.PolicyEngine;
import io.gatehouse.policy.PolicyFixtures;
import io.gatehouse.policy.PolicySet;
import io.gatehouse.policy.detect.Redactor;
import io.gatehouse.policy.judge.Direction;
import io.gatehouse.provider.ProviderJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The bypass corpus ({@code src/test/resources/policy/bypass.jsonl}): requests that hide an e-mail address from a
 * BLOCK rule (split across parts or messages, in fields that were never read, behind Unicode tricks, encodings,
 * words or base64), each of which must be blocked — and masked in place by a REDACT rule — and clean texts (code,
 * URLs, prices, versions, math with {@code @}, prose, base64 of binary) that must not be flagged. Requests go through
 * the gateway's own text extraction and the engine, as on {@code /v1}. The counts per class are written to
 * {@code target/bypass-corpus.md} (copied into docs/policies.md).
 */
class BypassCorpusTest {
    private static final String RULE = "Block e-mail addresses";
    private static final PolicyEngine ENGINE = PolicyFixtures.detectorEngine();
    private static final Map<String, int[]> CAUGHT = new TreeMap<>();
    private static final Map<String, int[]> CLEAN = new TreeMap<>();

    private record Sample(String kind, String type, String note, Api api, JsonNode body) {
    }

    private static List<Sample> samples(String kind) throws IOException {
        List<Sample> samples = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(BypassCorpusTest.class.getResourceAsStream("/policy/bypass.jsonl"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode row = ProviderJson.MAPPER.readTree(line);
                if (row.path("kind").asText().equals(kind)) {
                    Api api = row.path("api").asText().equals("anthropic") ? Api.ANTHROPIC_MESSAGES : Api.CHAT;
                    samples.add(new Sample(kind, row.path("class").asText(), row.path("note").asText(), api, row.path("body")));
                }
            }
        }
        return samples;
    }

    private static Evaluation evaluate(PolicySet set, Sample sample, JsonNode body) {
        var result = ENGINE.evaluate(set, Direction.INPUT, PolicyText.request(sample.api(), body).text());
        assertThat(result.isComplete()).isTrue();
        return result.result();
    }

    @Test
    void everyAttemptIsBlocked() throws IOException {
        PolicySet block = PolicyFixtures.rule(RULE, PolicyAction.BLOCK);
        List<Sample> attempts = samples("attempt");
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(62);
        List<String> missed = new ArrayList<>();
        for (Sample attempt : attempts) {
            boolean blocked = evaluate(block, attempt, attempt.body().deepCopy()).blocks();
            int[] counts = CAUGHT.computeIfAbsent(attempt.type(), t -> new int[2]);
            counts[0]++;
            counts[1] += blocked ? 1 : 0;
            if (!blocked) {
                missed.add(attempt.type() + ": " + attempt.note());
            }
        }
        assertThat(missed).isEmpty();
    }

    @Test
    void everyAttemptIsMaskedWhereItStands() throws IOException {
        PolicySet redact = PolicyFixtures.rule(RULE, PolicyAction.REDACT);
        for (Sample attempt : samples("attempt")) {
            JsonNode body = attempt.body().deepCopy();
            PolicyText text = PolicyText.request(attempt.api(), body);
            Evaluation first = ENGINE.evaluate(redact, Direction.INPUT, text.text()).result();
            assertThat(first.redacts()).as(attempt.note()).isTrue();
            PolicyEnforcement.mask(text, first, new Redactor());
            assertThat(evaluate(redact, attempt, body).violations()).as("after masking: " + attempt.note()).isEmpty();
            assertThat(PolicyText.request(attempt.api(), body).text().joined()).as(attempt.note()).contains("[EMAIL_1]");
        }
    }

    @Test
    void cleanTextsAreNotFlagged() throws IOException {
        PolicySet block = PolicyFixtures.rule(RULE, PolicyAction.BLOCK);
        List<String> flagged = new ArrayList<>();
        for (Sample clean : samples("clean")) {
            boolean hit = !evaluate(block, clean, clean.body()).violations().isEmpty();
            int[] counts = CLEAN.computeIfAbsent(clean.type(), t -> new int[2]);
            counts[0]++;
            counts[1] += hit ? 0 : 1;
            if (hit) {
                flagged.add(clean.type() + ": " + clean.body().path("messages").path(0).path("content").asText());
            }
        }
        assertThat(flagged).isEmpty();
    }

    @AfterAll
    static void report() throws IOException {
        StringBuilder out = new StringBuilder("| attempts | caught |\n|---|---|\n");
        int[] total = new int[2];
        CAUGHT.forEach((type, c) -> {
            out.append("| ").append(type).append(" | ").append(c[1]).append(" / ").append(c[0]).append(" |\n");
            total[0] += c[0];
            total[1] += c[1];
        });
        out.append("| **all** | **").append(total[1]).append(" / ").append(total[0]).append("** |\n\n");
        out.append("| clean texts | not flagged |\n|---|---|\n");
        CLEAN.forEach((type, c) -> out.append("| ").append(type).append(" | ").append(c[1]).append(" / ").append(c[0]).append(" |\n"));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/bypass-corpus.md"), out);
    }
}
