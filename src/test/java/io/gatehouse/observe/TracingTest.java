package io.gatehouse.observe;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.config.ConfigException;
import io.gatehouse.config.Settings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request and provider-call spans with the GenAI semantic-convention attributes, continuing the client's trace. */
class TracingTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT = "00f067aa0ba902b7";

    @Test
    void aRequestWithTwoProviderCallsExportsThreeSpansInTheClientsTrace() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        List<SpanData> kept;
        try (Tracing tracing = Tracing.exportingTo(exporter)) {
            assertThat(tracing.enabled()).isTrue();
            Map<String, String> headers = Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01");
            RequestSpan request = tracing.startRequest("POST", "/v1/chat/completions", headers::get)
                    .caller("repo-1", "key-1").policyAction("alert");
            assertThat(request.traceId()).isEqualTo(TRACE);

            GenAiSpan first = request.startCall("chat", "anthropic", "claude-x", "api.anthropic.com", 443)
                    .aiLlm("llm-1").requestParameters(256L, 0.2, null, true);
            first.fail("overloaded").end();
            request.startCall("chat", "openai", "gpt-4o", "api.openai.com", 443)
                    .aiLlm("llm-2")
                    .response("chatcmpl-1", "gpt-4o-2024-08-06", List.of("stop"))
                    .usage(12, 34)
                    .end();
            request.end(200);
            // Closing the tracing shuts the in-memory exporter down, which forgets its spans.
            kept = exporter.getFinishedSpanItems();
        }
        List<SpanData> spans = kept;
        assertThat(spans).hasSize(3);
        SpanData server = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(server.getName()).isEqualTo("POST /v1/chat/completions");
        assertThat(server.getTraceId()).isEqualTo(TRACE);
        assertThat(server.getParentSpanId()).isEqualTo(PARENT);
        assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("gatehouse.repo.id"))).isEqualTo("repo-1");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("gatehouse.policy.action"))).isEqualTo("alert");

        SpanData failed = spans.stream().filter(s -> s.getName().equals("chat claude-x")).findFirst().orElseThrow();
        assertThat(failed.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(failed.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("overloaded");
        assertThat(failed.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("anthropic");
        assertThat(failed.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(256L);
        assertThat(failed.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.2);

        SpanData ok = spans.stream().filter(s -> s.getName().equals("chat gpt-4o")).findFirst().orElseThrow();
        var a = ok.getAttributes();
        assertThat(a.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        assertThat(a.get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("openai");
        assertThat(a.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
        assertThat(a.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o");
        assertThat(a.get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("gpt-4o-2024-08-06");
        assertThat(a.get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("chatcmpl-1");
        assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("stop");
        assertThat(a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(12L);
        assertThat(a.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(34L);
        assertThat(a.get(AttributeKey.stringKey("server.address"))).isEqualTo("api.openai.com");
        assertThat(a.get(AttributeKey.longKey("server.port"))).isEqualTo(443L);
        assertThat(a.get(AttributeKey.stringKey("gatehouse.ai_llm.id"))).isEqualTo("llm-2");
        assertThat(ok.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("gatehouse");
    }

    @Test
    void withoutATraceparentARequestStartsANewTraceAndA5xxIsAnError() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        SpanData span;
        try (Tracing tracing = Tracing.exportingTo(exporter)) {
            RequestSpan request = tracing.startRequest("POST", "/v1/embeddings", name -> null);
            assertThat(request.recording()).isTrue();
            request.end(502);
            span = exporter.getFinishedSpanItems().getFirst();
        }
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void configuredTracingPostsSpansToTheCollectorOverOtlpHttp() throws Exception {
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> received = new CopyOnWriteArrayList<>();
        collector.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("X-Collector-Token") + " "
                    + new String(body, StandardCharsets.ISO_8859_1).contains("gen_ai.request.model"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try (Tracing tracing = Tracing.fromSettings(Settings.of(Map.of(
                "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + collector.getAddress().getPort(),
                "otel.exporter.otlp.headers", "x-collector-token=t0k")), Map.of())) {
            RequestSpan request = tracing.startRequest("POST", "/v1/chat/completions", name -> null);
            request.startCall("chat", "openai", "gpt-4o", "api.openai.com", 443).end();
            request.end(200);
        } finally {
            collector.stop(0);
        }
        assertThat(received).containsExactly("POST /v1/traces application/x-protobuf t0k true");
    }

    @Test
    void tracingIsOffUnlessAnEndpointIsConfigured() {
        try (Tracing off = Tracing.fromSettings(Settings.of(Map.of()), Map.of())) {
            assertThat(off.enabled()).isFalse();
            RequestSpan span = off.startRequest("POST", "/v1/chat/completions", name -> null);
            assertThat(span.recording()).isFalse();
            assertThat(span.traceId()).isEqualTo("0".repeat(32));
            span.startCall("chat", "openai", "gpt-4o", "api.openai.com", 443).usage(1, 1).end();
            span.end(200);
        }
        try (Tracing on = Tracing.fromSettings(Settings.of(Map.of("otel.exporter.otlp.headers", "authorization=Bearer x")),
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1/"))) {
            assertThat(on.enabled()).isTrue();
        }
        assertThatThrownBy(() -> Tracing.fromSettings(Settings.of(Map.of("otel.exporter.otlp.endpoint", "collector:4318")), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> Tracing.fromSettings(Settings.of(Map.of("otel.exporter.otlp.endpoint", "http://c:4318",
                "otel.traces.sampler.ratio", "2")), Map.of())).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> Tracing.fromSettings(Settings.of(Map.of("otel.exporter.otlp.endpoint", "http://c:4318",
                "otel.exporter.otlp.headers", "novalue")), Map.of())).isInstanceOf(ConfigException.class);
    }
}
