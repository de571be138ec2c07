package io.gatehouse.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The SERVER span of one gateway request. Parents are passed explicitly (no thread-local context), since a
 * request moves between event-loop callbacks. Not thread-safe beyond what the OpenTelemetry span itself allows;
 * end it once.
 */
public final class RequestSpan {
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> REPO_ID = AttributeKey.stringKey("gatehouse.repo.id");
    static final AttributeKey<String> API_KEY_ID = AttributeKey.stringKey("gatehouse.repo_ai_api_key.id");
    static final AttributeKey<String> POLICY_ACTION = AttributeKey.stringKey("gatehouse.policy.action");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("gatehouse.request.id");

    private final Tracer tracer;
    private final Span span;

    RequestSpan(Tracer tracer, Span span) {
        this.tracer = tracer;
        this.span = span;
    }

    /** The request's id, as the client got it in {@code x-request-id}. */
    public RequestSpan requestId(String id) {
        set(REQUEST_ID, id);
        return this;
    }

    /** The repository and key the request authenticated as (their ids, never the key's secret). */
    public RequestSpan caller(String repoId, String apiKeyId) {
        set(REPO_ID, repoId);
        set(API_KEY_ID, apiKeyId);
        return this;
    }

    /** The strongest policy action taken on the request (log, alert, block, redact). */
    public RequestSpan policyAction(String action) {
        set(POLICY_ACTION, action);
        return this;
    }

    /**
     * Starts a provider call within this request: {@code operation} {@code chat} or {@code embeddings},
     * {@code system} the provider ({@code openai}, {@code anthropic}, {@code gcp.gemini}, …).
     */
    public GenAiSpan startCall(String operation, String system, String requestModel, String host, int port) {
        Span call = tracer.spanBuilder(operation + (requestModel == null ? "" : " " + requestModel))
                .setSpanKind(SpanKind.CLIENT)
                .setParent(Context.root().with(span))
                .startSpan();
        return new GenAiSpan(call).start(operation, system, requestModel, host, port);
    }

    /** The W3C trace id (32 hex digits), or all zeros when tracing is off; for log correlation. */
    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    public boolean recording() {
        return span.isRecording();
    }

    /** Ends the request with the status the client received; 5xx marks the span as an error. */
    public void end(int status) {
        span.setAttribute(HTTP_STATUS, (long) status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private void set(AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }
}
