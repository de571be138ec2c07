package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of every standard detector over the labelled corpus in
 * {@code src/test/resources/policy/corpus.jsonl}: each sample's text with the exact spans it holds, hard
 * negatives holding none. Every detector runs on every sample, so a phone detector firing on an IBAN counts
 * against the phone detector. A finding counts only if kind and exact text match a labelled span. The measured
 * table, with every mistake, is written to {@code target/detector-quality.md} (copied into docs/policies.md).
 */
class DetectorCorpusTest {
    /** The bar for the personal-data detectors. */
    private static final List<String> STRICT = List.of("EMAIL", "CARD", "IBAN", "SSN", "PHONE");

    private static final Map<String, Score> SCORES = new LinkedHashMap<>();
    private static final List<String> MISTAKES = new ArrayList<>();
    private static int samples;
    private static int negatives;

    private static final class Score {
        int truePositives;
        int falsePositives;
        int falseNegatives;

        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        }
    }

    private record Span(String kind, String value) {
    }

    @BeforeAll
    static void evaluate() throws IOException {
        Detectors detectors = Detectors.standard();
        detectors.all().forEach(detector -> SCORES.put(detector.kind(), new Score()));
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                DetectorCorpusTest.class.getResourceAsStream("/policy/corpus.jsonl")), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode sample = json.readTree(line);
                String text = sample.get("text").asText();
                List<Span> expected = new ArrayList<>();
                sample.get("spans").forEach(span -> expected.add(new Span(span.get("kind").asText(),
                        span.get("value").asText())));
                samples++;
                negatives += expected.isEmpty() ? 1 : 0;
                List<Span> found = new ArrayList<>();
                for (Detector detector : detectors.all()) {
                    List<Finding> findings = new ArrayList<>();
                    detector.scan(text, findings);
                    findings.forEach(f -> found.add(new Span(f.kind(), text.substring(f.start(), f.end()))));
                }
                compare(sample.get("note").asText(), text, expected, found);
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/detector-quality.md"), table() + String.join("\n", MISTAKES));
    }

    private static void compare(String note, String text, List<Span> expected, List<Span> found) {
        List<Span> missing = new ArrayList<>(expected);
        for (Span span : found) {
            if (missing.remove(span)) {
                SCORES.get(span.kind()).truePositives++;
            } else {
                SCORES.get(span.kind()).falsePositives++;
                MISTAKES.add("FP " + span.kind() + " [" + span.value() + "] (" + note + "): " + oneLine(text));
            }
        }
        for (Span span : missing) {
            SCORES.get(span.kind()).falseNegatives++;
            MISTAKES.add("FN " + span.kind() + " [" + span.value() + "] (" + note + "): " + oneLine(text));
        }
    }

    private static String oneLine(String text) {
        String flat = text.replace("\n", "\\n");
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }

    static String table() {
        StringBuilder out = new StringBuilder();
        out.append("| detector | labelled spans | true pos. | false pos. | false neg. | precision | recall |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        SCORES.forEach((kind, s) -> out.append(String.format(java.util.Locale.ROOT,
                "| %s | %d | %d | %d | %d | %.3f | %.3f |%n", kind, s.truePositives + s.falseNegatives,
                s.truePositives, s.falsePositives, s.falseNegatives, s.precision(), s.recall())));
        out.append(String.format("%n%d samples, %d of them hard negatives.%n", samples, negatives));
        return out.toString();
    }

    @Test
    void corpusIsLargeAndCoversEveryDetector() {
        assertThat(samples).isGreaterThanOrEqualTo(500);
        assertThat(negatives).isGreaterThanOrEqualTo(100);
        SCORES.forEach((kind, score) ->
                assertThat(score.truePositives + score.falseNegatives).as(kind).isGreaterThanOrEqualTo(15));
    }

    @Test
    void personalDataDetectorsMeetTheBar() {
        for (String kind : STRICT) {
            assertThat(SCORES.get(kind).precision()).as(kind + " precision; " + MISTAKES).isGreaterThanOrEqualTo(0.98);
            assertThat(SCORES.get(kind).recall()).as(kind + " recall; " + MISTAKES).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void otherDetectorsMeetAFloor() {
        SCORES.forEach((kind, score) -> {
            assertThat(score.precision()).as(kind + " precision; " + MISTAKES).isGreaterThanOrEqualTo(0.95);
            assertThat(score.recall()).as(kind + " recall; " + MISTAKES).isGreaterThanOrEqualTo(0.90);
        });
    }
}
