package io.gatehouse.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * One provider call as a CLIENT span with the OpenTelemetry GenAI semantic-convention attributes
 * ({@code gen_ai.*}). The provider is written both as {@code gen_ai.system} and as its newer name
 * {@code gen_ai.provider.name}, so older and newer back ends both group by it.
 */
public final class GenAiSpan {
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> AI_LLM_ID = AttributeKey.stringKey("gatehouse.ai_llm.id");

    private final Span span;

    GenAiSpan(Span span) {
        this.span = span;
    }

    GenAiSpan start(String operation, String system, String requestModel, String host, int port) {
        set(OPERATION, operation);
        set(SYSTEM, system);
        set(PROVIDER, system);
        set(REQUEST_MODEL, requestModel);
        set(SERVER_ADDRESS, host);
        if (port > 0) {
            span.setAttribute(SERVER_PORT, (long) port);
        }
        return this;
    }

    /**
     * Writes this call's W3C trace context ({@code traceparent}, and {@code tracestate} when there is one) as headers
     * of the provider request, so a provider or self-hosted server that traces continues the trace under this call.
     */
    public void propagate(BiConsumer<String, String> header) {
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), header, BiConsumer::accept);
    }

    /** The configuration the call went through. */
    public GenAiSpan aiLlm(String aiLlmId) {
        set(AI_LLM_ID, aiLlmId);
        return this;
    }

    /** The sampling parameters the client asked for; nulls are left out. */
    public GenAiSpan requestParameters(Long maxTokens, Double temperature, Double topP, boolean stream) {
        if (maxTokens != null) {
            span.setAttribute(MAX_TOKENS, maxTokens);
        }
        if (temperature != null) {
            span.setAttribute(TEMPERATURE, temperature);
        }
        if (topP != null) {
            span.setAttribute(TOP_P, topP);
        }
        span.setAttribute(STREAM, stream);
        return this;
    }

    public GenAiSpan response(String id, String model, List<String> finishReasons) {
        set(RESPONSE_ID, id);
        set(RESPONSE_MODEL, model);
        if (finishReasons != null && !finishReasons.isEmpty()) {
            span.setAttribute(FINISH_REASONS, List.copyOf(finishReasons));
        }
        return this;
    }

    public GenAiSpan usage(long inputTokens, long outputTokens) {
        span.setAttribute(INPUT_TOKENS, inputTokens);
        span.setAttribute(OUTPUT_TOKENS, outputTokens);
        return this;
    }

    /** Marks the call failed: {@code errorType} a short class such as {@code rate_limited} or {@code timeout}. */
    public GenAiSpan fail(String errorType) {
        set(ERROR_TYPE, errorType);
        span.setStatus(StatusCode.ERROR);
        return this;
    }

    public void end() {
        span.end();
    }

    private void set(AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }
}
