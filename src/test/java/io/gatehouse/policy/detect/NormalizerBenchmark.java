package io.gatehouse.policy.detect;

import io.gatehouse.bench.PromptScanBenchmark;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading a prompt through {@link TextNormalizer} adds to the policy scan ({@code PromptScanBenchmark.scanPrompt}
 * includes it): the 8 KB prompt as it is (the common case: nothing to fold, the view is the text), and the same prompt
 * with a disguise every kilobyte (fullwidth characters, zero-width spaces, entities, a spelled address, base64 text),
 * which builds a mapped copy. Run with {@code ./mvnw -Pbench test -Djmh.args="NormalizerBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NormalizerBenchmark {
    public static final String DISGUISED = disguised();

    @Benchmark
    public MappedText normalizePlainPrompt() {
        return TextNormalizer.normalize(PromptScanBenchmark.PROMPT);
    }

    @Benchmark
    public MappedText normalizeDisguisedPrompt() {
        return TextNormalizer.normalize(DISGUISED);
    }

    private static String disguised() {
        String[] disguises = {" ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ ", " jo\u200bhn@exa\u200dmple.com ", " john&#64;example&#46;com ",
            " john dot doe at example dot com ",
            " " + Base64.getEncoder().encodeToString("owner: john@example.com".getBytes(StandardCharsets.UTF_8)) + " "};
        StringBuilder text = new StringBuilder(PromptScanBenchmark.PROMPT);
        for (int i = 0, at = 1000; at < text.length(); i++, at += 1024) {
            text.insert(at, disguises[i % disguises.length]);
        }
        return text.toString();
    }
}
