package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reading text through {@link TextNormalizer} costs no precision on the labelled detector corpus: over every sample,
 * positives and hard negatives alike, the normalising scanner reports no span that is neither labelled nor already
 * reported by the detectors on the raw text.
 */
class NormalizationPrecisionTest {

    private record Span(String kind, String value) {
    }

    @Test
    void theNormalisedScanAddsNoFalsePositiveOnTheDetectorCorpus() throws IOException {
        Detectors detectors = Detectors.standard();
        Map<String, List<String>> everyKind = new LinkedHashMap<>();
        detectors.all().forEach(d -> everyKind.put(d.kind(), List.of(d.kind())));
        PolicyScanner<String> scanner = PolicyScanner.of(everyKind);
        ObjectMapper json = new ObjectMapper();
        List<String> added = new ArrayList<>();
        int samples = 0;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/policy/corpus.jsonl"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                samples++;
                JsonNode sample = json.readTree(line);
                String text = sample.get("text").asText();
                Set<Span> allowed = new HashSet<>();
                sample.get("spans").forEach(s -> allowed.add(new Span(s.get("kind").asText(), s.get("value").asText())));
                for (Detector detector : detectors.all()) {
                    List<Finding> raw = new ArrayList<>();
                    detector.scan(text, raw);
                    raw.forEach(f -> allowed.add(new Span(f.kind(), text.substring(f.start(), f.end()))));
                }
                for (Finding f : scanner.scan(text).findings()) {
                    Span span = new Span(f.kind(), text.substring(f.start(), f.end()));
                    if (!allowed.contains(span)) {
                        added.add(span + " in " + text);
                    }
                }
            }
        }
        assertThat(samples).isGreaterThan(700);
        assertThat(added).isEmpty();
    }
}
