package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StreamScanTest {
    private static final Set<String> ALL_KINDS =
            Detectors.standard().all().stream().map(Detector::kind).collect(Collectors.toSet());
    private final PolicyScanner<String> scanner = PolicyScanner.of(Map.of("everything", ALL_KINDS));

    @Test
    void catchesACardNumberSplitOverTwoChunks() {
        StreamScan<String> stream = scanner.stream();
        ScanResult<String> first = stream.feed("Sure, the card on file is 4111 1111 ");
        ScanResult<String> second = stream.feed("1111 1111, expiring 09/27. Anything else?");
        ScanResult<String> end = stream.finish();

        List<Finding> all = new ArrayList<>(first.findings());
        all.addAll(second.findings());
        all.addAll(end.findings());
        assertThat(first.findings()).isEmpty();
        assertThat(all).singleElement().satisfies(card -> {
            assertThat(card.kind()).isEqualTo("CARD");
            assertThat(card.start()).isEqualTo(26);
            assertThat(card.end()).isEqualTo(26 + "4111 1111 1111 1111".length());
        });
    }

    @Test
    void reportsEachFindingOnceAsSoonAsItIsCertain() {
        StreamScan<String> stream = scanner.stream();
        assertThat(stream.feed("Write to anna@example.com").findings()).isEmpty();
        // More text could still extend the address ("anna@example.com.au"): held until it cannot.
        ScanResult<String> later = stream.feed(" please." + " ".repeat(300));
        assertThat(later.findingsFor("everything")).extracting(Finding::kind).containsExactly("EMAIL");
        assertThat(stream.feed(" more text").findings()).isEmpty();
        assertThat(stream.finish().findings()).isEmpty();
    }

    @Test
    void releasesOnlyTextThatHoldsNoPendingFinding() {
        StreamScan<String> stream = scanner.stream();
        String text = "x".repeat(1000) + " call +44 20 7946 0958 now " + "y".repeat(1000);
        int phoneStart = text.indexOf('+');
        int phoneEnd = phoneStart + "+44 20 7946 0958".length();
        List<Finding> found = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 7) {
            found.addAll(stream.feed(text.substring(i, Math.min(text.length(), i + 7))).findings());
            int releasable = stream.releasable();
            assertThat(releasable).isLessThanOrEqualTo(stream.length());
            boolean splitsPhone = releasable > phoneStart && releasable < phoneEnd;
            assertThat(splitsPhone).as("releasable %d inside the phone number", releasable).isFalse();
            if (releasable > phoneStart) {
                assertThat(found).extracting(Finding::kind).contains("PHONE");
            }
        }
        found.addAll(stream.finish().findings());
        assertThat(stream.releasable()).isEqualTo(text.length());
        assertThat(found).extracting(Finding::start).containsExactly(phoneStart);
    }

    @Test
    void holdsBackLittleForPersonalDataAndAWholeKeyOnlyWhileOneIsOpen() {
        StreamScan<String> stream = scanner.stream();
        stream.feed("a".repeat(5000));
        assertThat(stream.length() - stream.releasable()).isLessThan(400);
        stream.feed("\n-----BEGIN RSA PRIVATE KEY-----\n" + "A1b2C3d4".repeat(8) + "\n" + "A1b2C3d4".repeat(8));
        int openKeyAt = 5001;
        assertThat(stream.releasable()).isLessThanOrEqualTo(openKeyAt);
        List<Finding> key = stream.feed("\n-----END RSA PRIVATE KEY-----\nDone." + " ".repeat(400)).findings();
        assertThat(key).extracting(Finding::kind).containsExactly("PRIVATE_KEY");
        assertThat(stream.length() - stream.releasable()).isLessThan(400);
    }

    @Test
    void aChunkThatCannotStartAFindingIsReleasedAtOnce() {
        // The rules of the bench's governed lane: e-mail addresses, phone numbers, API keys.
        StreamScan<String> stream = PolicyScanner.of(Map.of("governed", Set.of("EMAIL", "PHONE", "API_KEY"))).stream();
        stream.feed("Hello, world! ");
        assertThat(stream.releasable()).isEqualTo(stream.length());
        stream.feed("Plain prose, nothing more; ");
        assertThat(stream.releasable()).isEqualTo(stream.length());
        // Only the last word is held while more text could still make it an address or a number.
        stream.feed("the weather is fine");
        assertThat(stream.releasable()).isEqualTo(stream.length() - "fine".length());
        stream.feed(" and write to john dot doe at");
        assertThat(stream.releasable()).isEqualTo(stream.length() - "john dot doe at".length());
        stream.feed(" example dot com or call +44 20");
        assertThat(stream.releasable()).isEqualTo(stream.length() - "+44 20".length());
    }

    @Test
    void findsInChunksWhatItFindsInTheWholeText() throws IOException {
        Random random = new Random(42);
        for (String text : corpusTexts()) {
            List<Finding> whole = scanner.scan(text).findings();
            StreamScan<String> stream = scanner.stream();
            List<Finding> streamed = new ArrayList<>();
            for (int i = 0; i < text.length(); ) {
                int size = 1 + random.nextInt(40);
                streamed.addAll(stream.feed(text.substring(i, Math.min(text.length(), i + size))).findings());
                i += size;
                for (Finding finding : whole) {
                    // Released text never holds part of a finding not reported yet.
                    assertThat(stream.releasable() <= finding.start() || streamed.contains(finding))
                            .as("%s released up to %d before %s was reported", text, stream.releasable(), finding).isTrue();
                }
            }
            streamed.addAll(stream.finish().findings());
            assertThat(streamed).as(text).containsExactlyElementsOf(whole);
        }
    }

    @Test
    void aFinishedStreamTakesNoMoreText() {
        StreamScan<String> stream = scanner.stream();
        stream.feed("abc");
        stream.finish();
        assertThat(stream.finish().isEmpty()).isTrue();
        assertThatThrownBy(() -> stream.feed("more")).isInstanceOf(IllegalStateException.class);
    }

    private static List<String> corpusTexts() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                StreamScanTest.class.getResourceAsStream("/policy/corpus.jsonl")), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                texts.add(json.readTree(line).get("text").asText());
            }
        }
        return texts;
    }
}
