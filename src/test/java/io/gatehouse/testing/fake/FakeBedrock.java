package io.gatehouse.testing.fake;

import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS Bedrock: the runtime ({@code POST /model/{modelId}/converse}, {@code /converse-stream} as a binary
 * {@code application/vnd.amazon.eventstream}) and the control plane's {@code GET /foundation-models} on one port.
 * Every request must carry a SigV4 signature, verified by signing the request again with the AWS SDK's own signer
 * (the signed headers as received, the date of {@code X-Amz-Date}, the region and service of the credential scope)
 * and comparing: an unknown access key id is 403 {@code UnrecognizedClientException}, a wrong secret 403
 * {@code InvalidSignatureException}, a missing signature 403 {@code MissingAuthenticationTokenException}, each
 * named in {@code x-amzn-ErrorType} with a {@code {"message"}} body, as AWS answers.
 */
public final class FakeBedrock extends FakeProvider {
    public static final String TEXT = "Hello from fake Bedrock.";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** A model as ListFoundationModels lists it. */
    public record Model(String modelId, String providerName, String modelName, List<String> outputModalities,
                        List<String> inferenceTypes) {
    }

    private volatile String secretAccessKey;
    private volatile List<Model> models = List.of(
            new Model("anthropic.claude-3-5-haiku-20241022-v1:0", "Anthropic", "Claude 3.5 Haiku", List.of("TEXT"), List.of("ON_DEMAND")),
            new Model("anthropic.claude-sonnet-4-20250514-v1:0", "Anthropic", "Claude Sonnet 4", List.of("TEXT"), List.of("INFERENCE_PROFILE")),
            new Model("amazon.nova-pro-v1:0", "Amazon", "Nova Pro", List.of("TEXT"), List.of("ON_DEMAND")),
            new Model("amazon.titan-embed-text-v2:0", "Amazon", "Titan Text Embeddings V2", List.of("EMBEDDING"), List.of("ON_DEMAND")));

    public FakeBedrock(String accessKeyId, String secretAccessKey) {
        super(accessKeyId);
        this.secretAccessKey = secretAccessKey;
        route("GET", "/foundation-models", r -> {
            List<Map<String, Object>> summaries = new ArrayList<>();
            for (Model m : models) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("modelArn", "arn:aws:bedrock:us-east-1::foundation-model/" + m.modelId());
                entry.put("modelId", m.modelId());
                entry.put("modelName", m.modelName());
                entry.put("providerName", m.providerName());
                entry.put("inputModalities", List.of("TEXT"));
                entry.put("outputModalities", m.outputModalities());
                entry.put("responseStreamingSupported", true);
                entry.put("customizationsSupported", List.of());
                entry.put("inferenceTypesSupported", m.inferenceTypes());
                entry.put("modelLifecycle", Map.of("status", "ACTIVE"));
                summaries.add(entry);
            }
            return Answer.json(200, Map.of("modelSummaries", summaries));
        });
        route("POST", "/model/{model}/converse", r -> converse(r, chatText(r, TEXT)));
        route("POST", "/model/{model}/converse-stream", this::converseStream);
    }

    /** From now on only {@code secret} signs valid requests (the key was rotated on AWS's side). */
    public void secretAccessKey(String secret) {
        this.secretAccessKey = secret;
    }

    public void models(List<Model> models) {
        this.models = List.copyOf(models);
    }

    /** The model id of a Converse request, decoded. */
    public static String modelOf(Recorded request) {
        return request.path().replaceAll("^/model/(.+)/converse(-stream)?$", "$1");
    }

    private static Answer converse(Recorded r, String text) {
        String tool = FakeProvider.json(r).path("toolConfig").path("tools").path(0).path("toolSpec").path("name").asText(null);
        String content = tool == null ? "[{\"text\":" + quote(text) + "}]"
                : "[{\"text\":\"Checking.\"},{\"toolUse\":{\"toolUseId\":\"tooluse_fake1\",\"name\":" + quote(tool)
                + ",\"input\":{\"city\":\"Paris\"}}}]";
        return Answer.json(200, "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":" + content + "}},"
                + "\"stopReason\":\"" + (tool == null ? "end_turn" : "tool_use") + "\"," + USAGE + ",\"metrics\":{\"latencyMs\":42}}");
    }

    /** 21 new input tokens, 8 read from the prompt cache and 2 written to it, 6 output tokens. */
    static final String USAGE = "\"usage\":{\"inputTokens\":21,\"outputTokens\":6,\"totalTokens\":37,"
            + "\"cacheReadInputTokens\":8,\"cacheWriteInputTokens\":2}";

    private Answer converseStream(Recorded r) {
        String tool = FakeProvider.json(r).path("toolConfig").path("tools").path(0).path("toolSpec").path("name").asText(null);
        List<byte[]> events = new ArrayList<>();
        events.add(event("messageStart", "{\"role\":\"assistant\"}"));
        if (tool == null) {
            events.add(event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello from \"}}"));
            events.add(event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"fake Bedrock.\"}}"));
            events.add(event("contentBlockStop", "{\"contentBlockIndex\":0}"));
        } else {
            events.add(event("contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":"
                    + "\"tooluse_fake1\",\"name\":" + quote(tool) + "}}}"));
            events.add(event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}}"));
            events.add(event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"\\\"Paris\\\"}\"}}}"));
            events.add(event("contentBlockStop", "{\"contentBlockIndex\":0}"));
        }
        events.add(event("messageStop", "{\"stopReason\":\"" + (tool == null ? "end_turn" : "tool_use") + "\"}"));
        events.add(event("metadata", "{" + USAGE + ",\"metrics\":{\"latencyMs\":42}}"));
        return eventStream(events, Duration.ZERO);
    }

    /** One event-stream message of type {@code event}, its JSON as payload. */
    public static byte[] event(String eventType, String json) {
        return message(Map.of(":message-type", "event", ":event-type", eventType, ":content-type", "application/json"), json);
    }

    /** An exception message (as ConverseStream sends a throttling or model error mid-stream). */
    public static byte[] exception(String exceptionType, String message) {
        return message(Map.of(":message-type", "exception", ":exception-type", exceptionType,
                ":content-type", "application/json"), "{\"message\":" + quote(message) + "}");
    }

    private static byte[] message(Map<String, String> headers, String json) {
        Map<String, HeaderValue> values = new LinkedHashMap<>();
        headers.forEach((name, value) -> values.put(name, HeaderValue.fromString(value)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Message(values, json.getBytes(StandardCharsets.UTF_8)).encode(out);
        return out.toByteArray();
    }

    /** An HTTP 200 event-stream answer, one message per chunk, {@code gap} apart. */
    public static Answer eventStream(List<byte[]> messages, Duration gap) {
        return new Answer(200, Map.of("Content-Type", "application/vnd.amazon.eventstream"), List.copyOf(messages), gap);
    }

    /** All messages in one chunk, cut at {@code at} bytes into two (to show frames split anywhere are read whole). */
    public static Answer eventStreamSplitAt(List<byte[]> messages, int at) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        messages.forEach(all::writeBytes);
        byte[] bytes = all.toByteArray();
        return new Answer(200, Map.of("Content-Type", "application/vnd.amazon.eventstream"),
                List.of(java.util.Arrays.copyOf(bytes, at), java.util.Arrays.copyOfRange(bytes, at, bytes.length)), Duration.ZERO);
    }

    /** An AWS error answer: the type in {@code x-amzn-ErrorType}, the reason in {@code {"message"}}. */
    public static Answer awsError(int status, String type, String message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
        return new Answer(status, headers, List.of(("{\"message\":" + quote(message) + "}").getBytes(StandardCharsets.UTF_8)),
                Duration.ZERO);
    }

    @Override
    protected boolean authorized(Recorded request) {
        return verdict(request) == null;
    }

    @Override
    protected Answer unauthorized(Recorded request) {
        return verdict(request);
    }

    /** Null when the request is signed by the known key; else AWS's answer. */
    private Answer verdict(Recorded request) {
        String authorization = request.header("authorization");
        String date = request.header("x-amz-date");
        Matcher m = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        if (m == null || !m.matches() || date == null) {
            return awsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (!m.group(1).equals(apiKey)) {
            return awsError(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        SdkHttpRequest.Builder received = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(request.method()))
                .uri(URI.create(baseUrl() + request.rawTarget()));
        for (String name : m.group(5).split(";")) {
            if (!name.equals("host")) {
                received.putHeader(name, request.headers().getOrDefault(name, List.of()));
            }
        }
        Clock signedAt = Clock.fixed(LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        SdkHttpRequest expected = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(apiKey, secretAccessKey))
                .request(received.build())
                .payload(ContentStreamProvider.fromByteArray(request.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, m.group(4))
                .putProperty(AwsV4HttpSigner.REGION_NAME, m.group(3))
                .putProperty(HttpSigner.SIGNING_CLOCK, signedAt)).request();
        if (!m.group(4).equals("bedrock") || !authorization.equals(expected.firstMatchingHeader("Authorization").orElse(""))) {
            return awsError(403, "InvalidSignatureException", "The request signature we calculated does not match the"
                    + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
                    + " documentation for details.");
        }
        return null;
    }

    @Override
    protected Answer notFound(Recorded request) {
        return awsError(404, "UnknownOperationException", "Unknown operation " + request.method() + " " + request.path());
    }

    @Override
    public Answer serverError() {
        return awsError(500, "InternalServerException", "An internal server error occurred. Retry your request.");
    }
}
