package io.gatehouse.observe;

import io.gatehouse.provider.ErrorKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's meters as Prometheus scrapes them from {@code /metrics}. */
class GatewayMetricsTest {
    final Metrics metrics = new Metrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    private String scrape() {
        return ((io.micrometer.prometheusmetrics.PrometheusMeterRegistry) metrics.registry()).scrape();
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void requestsTokensAndLatenciesAppearWithTheirLabels() {
        GatewayMetrics m = new GatewayMetrics(metrics.registry());
        m.request("r1", "openai", "gpt-4o", 200, "ok", ms(120));
        m.request("r1", "openai", "gpt-4o", 200, "ok", ms(900));
        m.request("r1", "openai", "gpt-4o", 502, "upstream_error", ms(30));
        m.tokens("r1", "openai", "gpt-4o", 10, 20);
        m.tokens("r1", "openai", "gpt-4o", 5, 7);
        m.gatewayOverhead("openai", TimeUnit.MICROSECONDS.toNanos(300));
        m.timeToFirstChunk("anthropic", "claude-x", ms(400));
        m.upstreamError("openai", ErrorKind.RATE_LIMITED);
        m.upstreamError("openai", ErrorKind.RATE_LIMITED);
        m.policyOutcome("block", "input");
        m.judgeLatency("ok", ms(800));

        String text = scrape();
        String labels = "model=\"gpt-4o\",provider=\"openai\",repo=\"r1\"";
        String ok = "model=\"gpt-4o\",outcome=\"ok\",provider=\"openai\",repo=\"r1\"";
        assertThat(text)
                .contains("gatehouse_request_duration_seconds_count{" + ok + ",status=\"200\"} 2")
                .contains("gatehouse_request_duration_seconds_count{model=\"gpt-4o\",outcome=\"upstream_error\",provider=\"openai\","
                        + "repo=\"r1\",status=\"502\"} 1")
                .contains("gatehouse_request_duration_seconds_bucket{" + ok + ",status=\"200\",le=\"0.25\"} 1")
                .contains("gatehouse_request_duration_seconds_bucket{" + ok + ",status=\"200\",le=\"1.0\"} 2")
                .contains("gatehouse_tokens_total{" + labels + ",type=\"input\"} 15.0")
                .contains("gatehouse_tokens_total{" + labels + ",type=\"output\"} 27.0")
                .contains("gatehouse_gateway_overhead_seconds_bucket{provider=\"openai\",le=\"2.5E-4\"} 0")
                .contains("gatehouse_gateway_overhead_seconds_bucket{provider=\"openai\",le=\"5.0E-4\"} 1")
                .contains("gatehouse_time_to_first_chunk_seconds_count{model=\"claude-x\",provider=\"anthropic\"} 1")
                .contains("gatehouse_upstream_errors_total{kind=\"rate_limited\",provider=\"openai\"} 2.0")
                .contains("gatehouse_policy_outcomes_total{action=\"block\",direction=\"input\"} 1.0")
                .contains("gatehouse_judge_duration_seconds_count{outcome=\"ok\"} 1")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void unknownLabelsReadNoneAndMetersAreReused() {
        GatewayMetrics m = new GatewayMetrics(metrics.registry());
        m.request(null, "openai", "", 401, "ok", ms(1));
        int meters = metrics.registry().getMeters().size();
        for (int i = 0; i < 100; i++) {
            m.request(null, "openai", "", 401, "ok", ms(1));
        }
        assertThat(metrics.registry().getMeters()).hasSize(meters);
        assertThat(scrape()).contains("gatehouse_request_duration_seconds_count{model=\"none\",outcome=\"ok\",provider=\"openai\",repo=\"none\",status=\"401\"} 101");
    }

    @Test
    void labelCombinationsAreCappedAndTheRestCountsAsOther() {
        GatewayMetrics m = new GatewayMetrics(metrics.registry(), 3);
        for (int i = 0; i < 50; i++) {
            m.request("r1", "openai", "made-up-model-" + i, 404, "ok", ms(1));
            m.tokens("r1", "openai", "made-up-model-" + i, 1, 1);
        }
        String text = scrape();
        assertThat(text).contains("gatehouse_request_duration_seconds_count{model=\"other\",outcome=\"ok\",provider=\"openai\",repo=\"other\",status=\"404\"} 47")
                .contains("gatehouse_tokens_total{model=\"other\",provider=\"openai\",repo=\"other\",type=\"input\"} 47.0")
                .doesNotContain("made-up-model-3\"");
        assertThat(text.lines().filter(l -> l.startsWith("gatehouse_request_duration_seconds_count"))).hasSize(4);
    }
}
