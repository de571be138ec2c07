package io.gatehouse.bench;

import io.gatehouse.policy.detect.DetectorSelection;
import io.gatehouse.policy.detect.DetectorSelector;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading rules into detectors and coverage ({@link DetectorSelector#select}), per rule: short and long wordings,
 * with a typo, a qualifier and a judge-only topic. Target: well under 1 ms a rule.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleReadingBenchmark {
    static final List<String> RULES = List.of(
            "Redact phone numbers before they reach the model.",
            "Credit or debit card numbers must never be sent to the LLM.",
            "PCI: mask card numbers in prompts and in answers",
            "no credit crad numbers",
            "GDPR: personal data must not be sent to OpenAI.",
            "Block email addresses except those ending in @ourcompany.com.",
            "The Company shall ensure that no electronic mail address is disclosed to the Provider, whether in "
                    + "prompts submitted by employees or in completions returned by the model, under any circumstances.",
            "Don't discuss our upcoming product launch.");

    private final DetectorSelector selector = DetectorSelector.standard();

    /** One call reads all eight rules: divide the time by eight for a rule. */
    @Benchmark
    public void readEightRules(Blackhole hole) {
        for (String rule : RULES) {
            DetectorSelection selection = selector.select(rule);
            hole.consume(selection);
        }
    }
}
