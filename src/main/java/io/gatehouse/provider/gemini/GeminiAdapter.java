package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.crypto.Secret;
import io.gatehouse.provider.CallPlan;
import io.gatehouse.provider.ChainedStream;
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
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.WireFormat;
import io.gatehouse.provider.anthropic.AnthropicCountTokens;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiRequest;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicResponse;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicStream;

import java.util.List;
import java.util.Map;

/**
 * Google Gemini ({@code generateContent}, Developer API). The Gemini-native ingress passes as it came (only the model
 * in the path changed); every other request is translated, linked images fetched first (Gemini takes image bytes
 * inline), and Anthropic Messages (and their token counts) go through the OpenAI shape.
 */
public final class GeminiAdapter implements ProviderAdapter {
    @Override
    public WireFormat format() {
        return WireFormat.GEMINI;
    }

    @Override
    public PendingPlan plan(Ingress ingress, PlanRequest request, ProviderSettings settings) {
        String model = request.upstreamModel();
        JsonNode tree = request.tree().get();
        GeminiOptions options = options(settings);
        return switch (ingress) {
            case GEMINI_GENERATE -> PendingPlan.ready(new CallPlan(GeminiIngress.generate(options, model, request.body(),
                    request.stream()), null, GeminiToOpenAiResponse::usage, GeminiStreamRelay::new, GeminiErrors::map));
            case GEMINI_COUNT_TOKENS -> PendingPlan.ready(new CallPlan(GeminiIngress.countTokens(options, model, tree,
                    request.body()), null, body -> GeminiIngress.NO_TOKENS, null, GeminiErrors::map));
            case GEMINI_EMBED -> PendingPlan.ready(new CallPlan(GeminiEmbedContent.nativeRequest(options, model, tree,
                    request.body()), null, body -> GeminiIngress.NO_TOKENS, null, GeminiErrors::map));
            case ANTHROPIC_COUNT_TOKENS -> {
                JsonNode openAi = new AnthropicToOpenAiRequest(false).toOpenAi(tree, model);
                yield new PendingPlan(OpenAiToGeminiRequest.remoteMedia(openAi), fetched -> new CallPlan(
                        GeminiIngress.countTokens(options, model, new OpenAiToGeminiRequest(options).body(openAi, fetched)),
                        body -> AnthropicCountTokens.answer(GeminiIngress.readTotalTokens(body)),
                        body -> GeminiIngress.NO_TOKENS, null, GeminiErrors::map));
            }
            case CHAT -> new PendingPlan(OpenAiToGeminiRequest.remoteMedia(tree),
                    fetched -> chat(tree, model, fetched, request.clientWantsUsage(), settings));
            case EMBEDDINGS -> {
                boolean base64 = "base64".equals(tree.path("encoding_format").asText(""));
                yield PendingPlan.ready(new CallPlan(new GeminiEmbeddings(options(settings)).request(tree, model),
                        body -> GeminiEmbeddings.response(body, model, base64), body -> GeminiIngress.NO_TOKENS, null,
                        GeminiErrors::map));
            }
            case ANTHROPIC_MESSAGES -> {
                JsonNode openAi = new AnthropicToOpenAiRequest(false).toOpenAi(tree, model);
                yield new PendingPlan(OpenAiToGeminiRequest.remoteMedia(openAi), fetched -> {
                    CallPlan viaOpenAi = chat(openAi, model, fetched, true, settings);
                    return new CallPlan(viaOpenAi.request(),
                            body -> OpenAiToAnthropicResponse.translate(viaOpenAi.translate().apply(body)),
                            viaOpenAi.usage(), () -> new ChainedStream(viaOpenAi.stream().get(), new OpenAiToAnthropicStream()),
                            viaOpenAi.errors());
                });
            }
        };
    }

    private static CallPlan chat(JsonNode openAiRequest, String model, Map<String, MediaFetch> fetched, boolean wantsUsage,
                                 ProviderSettings settings) {
        GeminiToOpenAiResponse answers = new GeminiToOpenAiResponse(settings.clock(), settings.ids());
        return new CallPlan(new OpenAiToGeminiRequest(options(settings)).translate(openAiRequest, model, fetched),
                body -> answers.translate(body, model), GeminiToOpenAiResponse::usage,
                () -> new GeminiToOpenAiStream(wantsUsage, settings.clock(), settings.ids(), model), GeminiErrors::map);
    }

    private static GeminiOptions options(ProviderSettings settings) {
        return new GeminiOptions(settings.geminiApiVersion());
    }

    @Override
    public boolean countsTokens() {
        return true;
    }

    @Override
    public List<Header> authHeaders(Secret apiKey) {
        return List.of(Header.secret("x-goog-api-key", apiKey.reveal()));
    }

    @Override
    public UpstreamRequest catalogRequest(ProviderSettings settings, String cursor) {
        return GeminiModelCatalog.listRequest(options(settings), cursor);
    }

    @Override
    public ModelPage catalogPage(byte[] body) throws ModelListException {
        return GeminiModelCatalog.parse(body);
    }

    @Override
    public GatewayError error(int status, Map<String, String> lowercaseHeaders, byte[] body) {
        return GeminiErrors.map(status, lowercaseHeaders, body);
    }

    @Override
    public List<String> familyPrefixes() {
        return List.of("gemini-");
    }

    @Override
    public String genAiSystem() {
        return "gcp.gemini";
    }

    @Override
    public String defaultEndpoint() {
        return "https://generativelanguage.googleapis.com";
    }

    @Override
    public String endpointPath(String path) {
        return path.replaceAll("/v1(beta)?$", "");
    }

    @Override
    public String endpointRule() {
        return VERSION_IN_EVERY_PATH;
    }
}
