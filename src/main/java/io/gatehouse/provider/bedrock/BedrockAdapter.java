package io.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.crypto.Secret;
import io.gatehouse.provider.CallPlan;
import io.gatehouse.provider.Credentials;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.Ingress;
import io.gatehouse.provider.MediaFetch;
import io.gatehouse.provider.ModelListException;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.PendingPlan;
import io.gatehouse.provider.PlanRequest;
import io.gatehouse.provider.ProviderAdapter;
import io.gatehouse.provider.ProviderSettings;
import io.gatehouse.provider.RequestAuth;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.WireFormat;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiRequest;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicResponse;
import io.gatehouse.provider.gemini.GeminiIngress;
import io.gatehouse.provider.gemini.GeminiToOpenAiRequest;
import io.gatehouse.provider.gemini.OpenAiToGeminiRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * AWS Bedrock through its Converse API. Every request is translated from the OpenAI shape (Anthropic Messages go
 * through it both ways); linked images are fetched first (Converse takes image bytes); each request is signed with
 * SigV4 over the access key id ({@code key}) and secret access key ({@code secret}). Embeddings are refused: Bedrock's
 * embedding models have no Converse form.
 */
public final class BedrockAdapter implements ProviderAdapter {
    /** What CloudTrail shows as the assumed role's session. */
    static final String SESSION_NAME = "gatehouse";
    private final Clock signingClock;

    public BedrockAdapter() {
        this(Clock.systemUTC());
    }

    /** @param signingClock what signatures are dated by */
    BedrockAdapter(Clock signingClock) {
        this.signingClock = signingClock;
    }

    @Override
    public WireFormat format() {
        return WireFormat.BEDROCK;
    }

    @Override
    public PendingPlan plan(Ingress ingress, PlanRequest request, ProviderSettings settings) {
        String model = BedrockModelCatalog.bedrockId(request.upstreamModel(), request.catalog());
        JsonNode tree = request.tree().get();
        return switch (ingress) {
            case CHAT -> new PendingPlan(OpenAiToGeminiRequest.remoteMedia(tree),
                    fetched -> chat(tree, model, fetched, request.clientWantsUsage(), settings));
            case EMBEDDINGS, GEMINI_EMBED -> throw new TranslationException("Embeddings are not available through AWS"
                    + " Bedrock configurations; use an OpenAI or Gemini configuration for embeddings.", "model");
            case ANTHROPIC_MESSAGES -> {
                JsonNode openAi = new AnthropicToOpenAiRequest(false).toOpenAi(tree, model);
                yield new PendingPlan(OpenAiToGeminiRequest.remoteMedia(openAi), fetched ->
                        OpenAiToAnthropicResponse.forAnthropicClient(chat(openAi, model, fetched, true, settings)));
            }
            case GEMINI_GENERATE -> {
                JsonNode openAi = new GeminiToOpenAiRequest(false).toOpenAi(tree, model, request.stream());
                yield new PendingPlan(OpenAiToGeminiRequest.remoteMedia(openAi), fetched ->
                        GeminiIngress.viaChat(chat(openAi, model, fetched, true, settings), request.clientModel()));
            }
            case ANTHROPIC_COUNT_TOKENS, GEMINI_COUNT_TOKENS -> throw new TranslationException("Bedrock configurations"
                    + " count no tokens here; the gateway answers an estimate instead.", "model");
        };
    }

    private static CallPlan chat(JsonNode openAiRequest, String model, Map<String, MediaFetch> fetched, boolean wantsUsage,
                                 ProviderSettings settings) {
        BedrockToOpenAiResponse answers = new BedrockToOpenAiResponse(settings.clock(), settings.ids());
        return new CallPlan(OpenAiToBedrockRequest.translate(openAiRequest, model, fetched),
                body -> answers.translate(body, model), BedrockToOpenAiResponse::usage,
                () -> new BedrockToOpenAiStream(wantsUsage, settings.clock(), settings.ids(), model), BedrockErrors::map);
    }

    /** Bedrock has no fixed key header: every request is signed ({@link #auth}). */
    @Override
    public List<Header> authHeaders(Secret apiKey) {
        return List.of();
    }

    /**
     * Requests signed with the access key id and secret access key. A configuration stored without its key id (before
     * AWS was served, the API did not ask for one) sends them unsigned: AWS refuses them, and the configuration is
     * marked failing like any refused credential until a key id is given.
     */
    @Override
    public RequestAuth auth(String keyId, Secret secret) {
        return auth(null, Credentials.of(keyId, secret));
    }

    /**
     * With a session token, requests carry it ({@code X-Amz-Security-Token}, signed); with a role, they are signed
     * with the role's temporary credentials, assumed through STS with the access key (and session token) as the
     * source (decision 0021; the STS endpoint follows the configuration's, {@link BedrockEndpoints#sts}).
     */
    @Override
    public RequestAuth auth(String endpoint, Credentials credentials) {
        if (credentials.keyId() == null) {
            return RequestAuth.fixed(List.of());
        }
        String secret = credentials.secret().reveal();
        String token = credentials.sessionToken() == null ? null : credentials.sessionToken().reveal();
        if (credentials.roleArn() != null) {
            return new BedrockSigner(AssumedRole.shared(StsAssumeRole.of(BedrockEndpoints.sts(endpoint),
                    credentials.keyId(), secret, token, credentials.roleArn(), credentials.externalId(), SESSION_NAME),
                    signingClock), signingClock);
        }
        return new BedrockSigner(AwsCredentialSource.fixed(token == null ? AwsCredentialsIdentity.create(credentials.keyId(), secret)
                : AwsSessionCredentialsIdentity.create(credentials.keyId(), secret, token)), signingClock);
    }

    @Override
    public UpstreamRequest catalogRequest(ProviderSettings settings, String cursor) {
        return BedrockModelCatalog.listRequest();
    }

    @Override
    public ModelPage catalogPage(byte[] body) throws ModelListException {
        return BedrockModelCatalog.parse(body);
    }

    @Override
    public GatewayError error(int status, Map<String, String> lowercaseHeaders, byte[] body) {
        return BedrockErrors.map(status, lowercaseHeaders, body);
    }

    /** Bedrock ids name their maker ({@code anthropic.}, {@code meta.}); routed by catalog or configuration prefix. */
    @Override
    public List<String> familyPrefixes() {
        return List.of("anthropic.", "amazon.", "meta.", "mistral.", "cohere.", "ai21.", "deepseek.", "writer.",
                "us.", "eu.", "apac.", "global.", "arn:aws:bedrock:");
    }

    @Override
    public String genAiSystem() {
        return "aws.bedrock";
    }

    /** A region must be named: there is no default one. */
    @Override
    public String defaultEndpoint() {
        return null;
    }

    @Override
    public String expandEndpoint(String written) {
        return BedrockEndpoints.expand(written);
    }

    @Override
    public String catalogEndpoint(String endpoint) {
        return BedrockEndpoints.controlPlane(endpoint);
    }

    @Override
    public String endpointPath(String path) {
        return path;
    }

    @Override
    public String endpointRule() {
        return "a region such as us-east-1 names the standard hosts bedrock-runtime.<region>.amazonaws.com (requests)"
                + " and bedrock.<region>.amazonaws.com (the model list); a URL receives both";
    }
}
