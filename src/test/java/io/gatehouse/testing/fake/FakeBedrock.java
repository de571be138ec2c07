package io.gatehouse.testing.fake;

import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

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
 *
 * <p>It is STS too: {@code POST /} with {@code Action=AssumeRole} (signed for the {@code sts} service, verified the
 * same way) answers in STS's XML and issues temporary keys ({@code ASIA…}) that Bedrock then accepts only with their
 * session token ({@code X-Amz-Security-Token}, signed) and until they expire by {@link #clock(Clock)}: after that,
 * 403 {@code ExpiredTokenException}. {@link #sessionToken(String)} makes the long-lived key itself need a session token.
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
    private volatile String sessionToken;
    private volatile Clock clock = Clock.systemUTC();
    private volatile boolean stsUp = true;
    private final Map<String, Issued> issued = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger assumed = new java.util.concurrent.atomic.AtomicInteger();

    /** Temporary credentials STS issued, and the AssumeRole request they answered. */
    public record Issued(String accessKeyId, String secretAccessKey, String sessionToken, java.time.Instant expiration,
                         Map<String, String> request) {
    }
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
        route("POST", "/", this::sts);
        route("POST", "/model/{model}/converse", r -> converse(r, chatText(r, TEXT)));
        route("POST", "/model/{model}/converse-stream", this::converseStream);
    }

    /** From now on only {@code secret} signs valid requests (the key was rotated on AWS's side). */
    public void secretAccessKey(String secret) {
        this.secretAccessKey = secret;
    }

    /** From now on the long-lived key needs this session token (null: none). */
    public void sessionToken(String token) {
        this.sessionToken = token;
    }

    /** What issued credentials last for, and when they have expired. */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    /** STS down: AssumeRole answers 503 ServiceUnavailable. */
    public void stsUp(boolean up) {
        this.stsUp = up;
    }

    /** How many AssumeRole calls issued credentials. */
    public int assumed() {
        return assumed.get();
    }

    /** The credentials issued last. */
    public Issued lastIssued() {
        return issued.values().stream().max(java.util.Comparator.comparing(Issued::accessKeyId)).orElseThrow();
    }

    private Answer sts(Recorded r) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : r.bodyText().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!stsUp) {
            return stsError(503, "ServiceUnavailable", "Service is unavailable.");
        }
        if (!"AssumeRole".equals(form.get("Action"))) {
            return stsError(400, "InvalidAction", "Could not find operation " + form.get("Action"));
        }
        int n = assumed.incrementAndGet();
        java.time.Instant expiration = clock.instant().plusSeconds(Long.parseLong(form.getOrDefault("DurationSeconds", "3600")))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Issued fresh = new Issued("ASIAFAKETEMPORARY%04d".formatted(n), "temporarySecret/" + n + "/abcdefghijklmnopqrstuv",
                "FwoGZXIvYXdzEFAKE" + n + "sessiontoken", expiration, Map.copyOf(form));
        issued.put(fresh.accessKeyId(), fresh);
        String xml = """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleResult>
                    <AssumedRoleUser>
                      <AssumedRoleId>AROAFAKEROLE0000001:%s</AssumedRoleId>
                      <Arn>%s</Arn>
                    </AssumedRoleUser>
                    <Credentials>
                      <AccessKeyId>%s</AccessKeyId>
                      <SecretAccessKey>%s</SecretAccessKey>
                      <SessionToken>%s</SessionToken>
                      <Expiration>%s</Expiration>
                    </Credentials>
                  </AssumeRoleResult>
                  <ResponseMetadata>
                    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
                  </ResponseMetadata>
                </AssumeRoleResponse>
                """.formatted(form.get("RoleSessionName"), form.get("RoleArn").replace(":iam::", ":sts::")
                        .replace(":role/", ":assumed-role/") + "/" + form.get("RoleSessionName"), fresh.accessKeyId(),
                fresh.secretAccessKey(), fresh.sessionToken(), fresh.expiration());
        return new Answer(200, Map.of("Content-Type", "text/xml"), List.of(xml.getBytes(StandardCharsets.UTF_8)), Duration.ZERO);
    }

    /** An STS error in its XML shape. */
    public static Answer stsError(int status, String code, String message) {
        String xml = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>"
                + (status < 500 ? "Sender" : "Receiver") + "</Type><Code>" + code + "</Code><Message>" + message
                + "</Message></Error><RequestId>a4ad8b0f-0000-4000-8000-000000000000</RequestId></ErrorResponse>";
        return new Answer(status, Map.of("Content-Type", "text/xml"), List.of(xml.getBytes(StandardCharsets.UTF_8)), Duration.ZERO);
    }

    private static boolean isSts(Recorded request) {
        return request.method().equals("POST") && request.path().equals("/");
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

    /** Null when the request is signed by the known key or a temporary key issued here; else AWS's answer. */
    private Answer verdict(Recorded request) {
        String authorization = request.header("authorization");
        String date = request.header("x-amz-date");
        Matcher m = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        if (m == null || !m.matches() || date == null) {
            return refuse(request, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Issued temporary = issued.get(m.group(1));
        String secret = temporary != null ? temporary.secretAccessKey() : m.group(1).equals(apiKey) ? secretAccessKey : null;
        String token = temporary != null ? temporary.sessionToken() : sessionToken;
        if (secret == null || token != null && !token.equals(request.header("x-amz-security-token"))) {
            return refuse(request, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        SdkHttpRequest.Builder received = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(request.method()))
                .uri(URI.create(baseUrl() + request.rawTarget()));
        for (String name : m.group(5).split(";")) {
            if (!name.equals("host")) {
                received.putHeader(name, request.headers().getOrDefault(name, List.of()));
            }
        }
        Clock signedAt = Clock.fixed(LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        AwsCredentialsIdentity identity = token == null ? AwsCredentialsIdentity.create(m.group(1), secret)
                : AwsSessionCredentialsIdentity.create(m.group(1), secret, token);
        SdkHttpRequest expected = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(received.build())
                .payload(ContentStreamProvider.fromByteArray(request.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, m.group(4))
                .putProperty(AwsV4HttpSigner.REGION_NAME, m.group(3))
                .putProperty(HttpSigner.SIGNING_CLOCK, signedAt)).request();
        if (!m.group(4).equals(isSts(request) ? "sts" : "bedrock")
                || !authorization.equals(expected.firstMatchingHeader("Authorization").orElse(""))) {
            return refuse(request, "InvalidSignatureException", "The request signature we calculated does not match the"
                    + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
                    + " documentation for details.");
        }
        if (temporary != null && !clock.instant().isBefore(temporary.expiration())) {
            return refuse(request, "ExpiredTokenException", "The security token included in the request is expired");
        }
        return null;
    }

    /** A 403 in the shape of the service asked: STS's XML, Bedrock's JSON. */
    private static Answer refuse(Recorded request, String type, String message) {
        return isSts(request) ? stsError(403, type.replace("InvalidSignatureException", "SignatureDoesNotMatch")
                .replace("UnrecognizedClientException", "InvalidClientTokenId"), message) : awsError(403, type, message);
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
