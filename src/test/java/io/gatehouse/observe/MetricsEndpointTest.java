package io.gatehouse.observe;

import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.Prometheus;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} behind its token, and labelled only with model names a catalog or a provider vouched for. */
class MetricsEndpointTest {
    static final String TOKEN = "metrics-token-0123456789abcdef";
    static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String KEY = "sk-fake-openai-key-0123456789";

    static FakeOpenAi openai;
    static TestServer server;
    static GatewayWorld.Key key;

    @BeforeAll
    static void start() {
        openai = new FakeOpenAi(KEY);
        Map<String, String> settings = new HashMap<>(GatewayWorld.settings());
        settings.put("metrics.token", TOKEN);
        server = TestServer.start(settings);
        var api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String cfg = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), KEY);
        PlatformCalls.validate(api, cfg);
        key = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "labelled", cfg), "labelled");
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
    }

    @Test
    void aScrapeWithoutTheTokenIs401() {
        HttpResult missing = server.admin().get("/metrics");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().path("success").asBoolean(true)).isFalse();
        assertThat(missing.json().path("error_code").asText()).isEqualTo("unauthorized");
        assertThat(missing.body()).doesNotContain("jvm_memory");
        assertThat(server.admin().as("wrong-" + TOKEN).get("/metrics").status()).isEqualTo(401);

        HttpResult scraped = server.admin().as(TOKEN).get("/metrics");
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void modelNamesNoCatalogListsAndNoProviderAcceptedAreCountedAsOther() {
        String before = Prometheus.scrape(server);
        for (int i = 0; i < 20; i++) {
            assertThat(GatewayWorld.post(server, "/v1/chat/completions", key.secret(), CHAT.formatted("junk-model-" + i))
                    .status()).isEqualTo(404);
        }
        // Routed by prefix to the configuration, and refused by its provider.
        openai.failNext(FakeProvider.Answer.json(404, Map.of("error", Map.of("message", "no such model",
                "type", "invalid_request_error", "code", "model_not_found"))));
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", key.secret(), CHAT.formatted("oa/junk-prefixed"))
                .status()).isEqualTo(404);
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", key.secret(), CHAT.formatted("gpt-4o")).status())
                .isEqualTo(200);

        String after = Prometheus.scrape(server);
        assertThat(after).doesNotContain("junk-model-").doesNotContain("junk-prefixed");
        assertThat(Prometheus.delta(before, after, "gatehouse_request_duration_seconds_count", "model", "other",
                "status", "404")).isEqualTo(21);
        assertThat(Prometheus.delta(before, after, "gatehouse_request_duration_seconds_count", "model", "gpt-4o",
                "status", "200")).isEqualTo(1);
    }
}
