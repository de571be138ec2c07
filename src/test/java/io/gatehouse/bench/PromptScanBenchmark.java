package io.gatehouse.bench;

import io.gatehouse.policy.detect.DetectorSelector;
import io.gatehouse.policy.detect.PolicyScanner;
import io.gatehouse.policy.detect.ScanResult;
import io.gatehouse.policy.detect.StreamScan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The detector part of input policy evaluation: an 8 KB prompt (prose, code, JSON, a log excerpt, with a few
 * personal-data hits) against ten policies, selected from their text as the engine does. Also the same prompt
 * streamed in 64-character chunks. Run with {@code ./mvnw -Pbench test} (see docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PromptScanBenchmark {
    public static final List<String> POLICIES = List.of(
            "Never send customer e-mail addresses or phone numbers to the model",
            "Block credit card numbers",
            "No secrets or API keys",
            "Do not share IBANs or bank account numbers",
            "Redact social security numbers",
            "No PII",
            "Don't discuss competitors",
            "Never include internal IP addresses",
            "Block JWTs and private keys",
            "Mask phone numbers in responses");

    private static final String[] PARTS = {
        "I'm preparing the quarterly review for our logistics team and need help turning these notes into a clear "
            + "summary for the leadership meeting on 2024-11-05. Please keep the tone factual, avoid jargon, and "
            + "highlight the three biggest risks. The numbers below come from the warehouse system (v4.12.3) and "
            + "the finance export of 31.10.2024; amounts are in EUR unless noted.\n\n",
        "Q3 summary: we shipped 48,213 parcels (up 12.5% on Q2), average cost per parcel fell from 4.87 to 4.51, "
            + "and on-time delivery reached 96.2%. Returns stayed flat at 3.1%. Our largest customer, reachable "
            + "at procurement@northwind-traders.example, asked for weekly reports from January. Peak day was "
            + "Tuesday 17 September with 1 204 parcels; the slowest week was 33, during the heatwave.\n\n",
        "Incidents: on 12 August the sorter in hall B stopped for 3 hours (firmware 2.7.1 bug, fixed in 2.7.2). "
            + "On 3 September a courier van was damaged; the insurance claim CLM-2024-00871 is still open. The "
            + "duty manager can be reached on +44 20 7946 0958 for follow-ups. Two pallets (SKU 88-1200-B and "
            + "88-1201-B) were mislabelled and re-sent at a cost of 640.00 EUR.\n\n",
        "Here is the function we use to compute the weekly on-time rate; please check whether it handles weeks "
            + "with no deliveries correctly:\n\n```python\ndef on_time_rate(deliveries):\n    if not deliveries:\n"
            + "        return None\n    on_time = sum(1 for d in deliveries if d.delivered_at <= d.promised_at)\n"
            + "    return round(100.0 * on_time / len(deliveries), 1)\n```\n\n",
        "And this is a sample record from the export (customer data trimmed):\n\n```json\n{\"shipment\": "
            + "\"SHP-2024-118345\", \"weight_kg\": 12.4, \"zone\": 3, \"promised_at\": \"2024-09-17T16:00:00Z\", "
            + "\"delivered_at\": \"2024-09-17T15:42:10Z\", \"payment\": {\"method\": \"card\", \"pan\": "
            + "\"4111 1111 1111 1111\", \"amount\": 23.90}, \"tracking\": \"1Z999AA10123456784\"}\n```\n\n",
        "Log excerpt from the tracking API during the outage:\n\n```\n2024-09-03T08:14:55.120Z WARN  upstream "
            + "timeout after 30000 ms host=10.20.30.41 path=/v2/track/1Z999AA10123456784 retry=1\n"
            + "2024-09-03T08:14:58.431Z ERROR circuit open for carrier-api (5 failures in 60 s)\n"
            + "2024-09-03T08:20:02.007Z INFO  circuit closed, latency p95=412 ms\n```\n\n",
        "Risks I see: (1) the sorter firmware is two releases behind; (2) we depend on a single carrier for zone 3, "
            + "which covers 38% of volume; (3) the finance export is manual and error-prone. Opportunities: move "
            + "the export to the nightly job, negotiate a second carrier, and pilot the new routing tool in hall A. "
            + "Budget for the pilot is 18 000 EUR, approved in principle by the CFO on 14 October.\n\n",
        "Please produce: a five-bullet executive summary, a table of the KPIs with Q2 and Q3 side by side, and a short "
            + "paragraph on each risk with a recommended owner. Do not invent numbers; if something is missing, "
            + "say so. Use British spelling. Thanks!\n\n",
    };

    public static final String PROMPT = prompt(8 * 1024);

    private PolicyScanner<String> scanner;

    @Setup
    public void setUp() {
        DetectorSelector selector = DetectorSelector.standard();
        Map<String, Set<String>> kinds = new LinkedHashMap<>();
        POLICIES.forEach(policy -> kinds.put(policy, selector.select(policy).kinds()));
        scanner = PolicyScanner.of(kinds);
    }

    @Benchmark
    public ScanResult<String> scanPrompt() {
        return scanner.scan(PROMPT);
    }

    @Benchmark
    public int streamPromptIn64CharChunks() {
        StreamScan<String> stream = scanner.stream();
        int findings = 0;
        for (int i = 0; i < PROMPT.length(); i += 64) {
            findings += stream.feed(PROMPT.substring(i, Math.min(PROMPT.length(), i + 64))).findings().size();
        }
        return findings + stream.finish().findings().size();
    }

    /** The parts above repeated (with numbered sections so no two are identical) up to {@code size} characters. */
    static String prompt(int size) {
        StringBuilder text = new StringBuilder(size + 1024);
        for (int round = 1; text.length() < size; round++) {
            for (String part : PARTS) {
                if (text.length() >= size) {
                    break;
                }
                text.append("Section ").append(round).append(": ").append(part);
            }
        }
        text.setLength(size);
        return text.toString();
    }
}
