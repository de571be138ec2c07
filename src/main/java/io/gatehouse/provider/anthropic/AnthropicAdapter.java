package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.crypto.Secret;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.CallPlan;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.Ingress;
import io.gatehouse.provider.ModelListException;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.PendingPlan;
import io.gatehouse.provider.PlanRequest;
import io.gatehouse.provider.ProviderAdapter;
import io.gatehouse.provider.ProviderSettings;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.WireFormat;
import io.gatehouse.provider.gemini.GeminiIngress;
import io.gatehouse.provider.gemini.GeminiToOpenAiRequest;

import java.util.List;
import java.util.Map;

/**
 * Anthropic Messages. OpenAI-shaped requests are translated both ways, Gemini-native ones through that shape; the
 * Anthropic ingress (messages and token counts) passes byte for byte (only {@code model} edited, the client's
 * {@code anthropic-version} and {@code anthropic-beta} kept), thinking blocks and their signatures included.
 * Anthropic offers no embeddings.
 */
public final class AnthropicAdapter implements ProviderAdapter {

    @Override
    public WireFormat format() {
        return WireFormat.ANTHROPIC;
    }

    @Override
    public PendingPlan plan(Ingress ingress, PlanRequest request, ProviderSettings settings) {
        String model = request.upstreamModel();
        String version = request.anthropicVersion() == null ? settings.anthropicVersion() : request.anthropicVersion();
        return PendingPlan.ready(switch (ingress) {
            case CHAT -> chat(request.tree().get(), request.clientWantsUsage(), request, settings);
            case EMBEDDINGS, GEMINI_EMBED -> throw new TranslationException("The model '" + request.clientModel()
                    + "' is served by an Anthropic configuration, and Anthropic offers no embeddings. Use an OpenAI-type"
                    + " or Gemini embedding model.", "model");
            case ANTHROPIC_MESSAGES -> new CallPlan(request.anthropic().messages(model, version, request.anthropicBeta()),
                    null, AnthropicToOpenAiResponse::usage, AnthropicStreamRelay::new, AnthropicErrors::map);
            case ANTHROPIC_COUNT_TOKENS -> new CallPlan(request.anthropic().countTokens(model, version,
                    request.anthropicBeta()), null, body -> GeminiIngress.NO_TOKENS, null, AnthropicErrors::map);
            case GEMINI_GENERATE -> GeminiIngress.viaChat(chat(new GeminiToOpenAiRequest(false)
                    .toOpenAi(request.tree().get(), model, request.stream()), true, request, settings), request.clientModel());
            case GEMINI_COUNT_TOKENS -> new CallPlan(AnthropicCountTokens.of(new OpenAiToAnthropicRequest(
                    options(request, settings)).translate(new GeminiToOpenAiRequest(false).toOpenAi(
                    GeminiIngress.counted(request.tree().get()), model, false), model)),
                    body -> GeminiIngress.totalTokens(AnthropicCountTokens.read(body)), body -> GeminiIngress.NO_TOKENS,
                    null, AnthropicErrors::map);
        });
    }

    /** An OpenAI-shaped chat request to Anthropic, answered in OpenAI's shape (the hub of the other ingresses). */
    private static CallPlan chat(JsonNode openAi, boolean wantsUsage, PlanRequest request, ProviderSettings settings) {
        AnthropicToOpenAiResponse answers = new AnthropicToOpenAiResponse(settings.clock());
        return new CallPlan(new OpenAiToAnthropicRequest(options(request, settings)).translate(openAi, request.upstreamModel()),
                answers::translate, AnthropicToOpenAiResponse::usage,
                () -> new AnthropicToOpenAiStream(wantsUsage, settings.clock()), AnthropicErrors::map);
    }

    /** The output limit for a model the client gave none: the catalog's, else the family table's, else the setting. */
    private static AnthropicOptions options(PlanRequest request, ProviderSettings settings) {
        Map<String, ModelEntry> catalog = request.catalog();
        return new AnthropicOptions(settings.anthropicVersion(), new AnthropicMaxTokens(Map.of(),
                model -> {
                    ModelEntry entry = catalog.get(model);
                    return entry == null ? null : entry.maxOutputTokens();
                }, settings.anthropicMaxTokens()));
    }

    @Override
    public boolean countsTokens() {
        return true;
    }

    @Override
    public List<Header> authHeaders(Secret apiKey) {
        return List.of(Header.secret("x-api-key", apiKey.reveal()));
    }

    @Override
    public UpstreamRequest catalogRequest(ProviderSettings settings, String cursor) {
        return AnthropicModelCatalog.listRequest(settings.anthropicVersion(), cursor);
    }

    @Override
    public ModelPage catalogPage(byte[] body) throws ModelListException {
        return AnthropicModelCatalog.parse(body);
    }

    @Override
    public GatewayError error(int status, Map<String, String> lowercaseHeaders, byte[] body) {
        return AnthropicErrors.map(status, lowercaseHeaders, body);
    }

    @Override
    public List<String> familyPrefixes() {
        return List.of("claude-");
    }

    @Override
    public String genAiSystem() {
        return "anthropic";
    }

    @Override
    public String defaultEndpoint() {
        return "https://api.anthropic.com";
    }

    @Override
    public String endpointPath(String path) {
        return path.replaceAll("/v1$", "");
    }

    @Override
    public String endpointRule() {
        return VERSION_IN_EVERY_PATH;
    }
}
