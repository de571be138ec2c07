package io.gatehouse.provider.openai;

import io.gatehouse.crypto.Secret;
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
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.WireFormat;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiRequest;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicResponse;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicStream;
import io.gatehouse.provider.gemini.GeminiEmbedContent;
import io.gatehouse.provider.gemini.GeminiIngress;
import io.gatehouse.provider.gemini.GeminiToOpenAiRequest;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OpenAI and every OpenAI-compatible server (vLLM, Ollama, llama.cpp, on-prem). OpenAI-shaped requests pass byte
 * for byte (only {@code model} and stream usage edited); Anthropic Messages and Gemini-native requests are translated
 * (token counts are the gateway's estimate: these APIs have no count endpoint). The two instances differ
 * where the hosted API and a compatible server do: the default endpoint, the OpenTelemetry name, and the output
 * limit field (compatible servers know only {@code max_tokens}).
 */
public final class OpenAiAdapter implements ProviderAdapter {
    /** OpenAI's own API. */
    public static final OpenAiAdapter HOSTED = new OpenAiAdapter(false);
    /** Any OpenAI-compatible server: no default endpoint, the older {@code max_tokens} field. */
    public static final OpenAiAdapter COMPATIBLE = new OpenAiAdapter(true);

    /** OpenAI reasoning models refuse any temperature but the default. */
    private static final Pattern FIXED_TEMPERATURE = Pattern.compile("^(o\\d|gpt-5).*");

    private final boolean compatible;

    private OpenAiAdapter(boolean compatible) {
        this.compatible = compatible;
    }

    @Override
    public WireFormat format() {
        return WireFormat.OPENAI;
    }

    @Override
    public PendingPlan plan(Ingress ingress, PlanRequest request, ProviderSettings settings) {
        String model = request.upstreamModel();
        return PendingPlan.ready(switch (ingress) {
            case CHAT -> {
                boolean wantsUsage = request.clientWantsUsage();
                yield new CallPlan(request.openAi().chatCompletions(model), null, OpenAiUsage::ofResponse,
                        () -> new OpenAiStreamRelay(wantsUsage), OpenAiErrors::map);
            }
            case EMBEDDINGS -> new CallPlan(request.openAi().embeddings(model), null, OpenAiUsage::ofResponse, null,
                    OpenAiErrors::map);
            case ANTHROPIC_MESSAGES -> new CallPlan(
                    new AnthropicToOpenAiRequest(compatible).chatCompletions(request.tree().get(), model),
                    OpenAiToAnthropicResponse::translate, OpenAiUsage::ofResponse, OpenAiToAnthropicStream::new,
                    OpenAiErrors::map);
            case GEMINI_GENERATE -> GeminiIngress.viaChat(new CallPlan(OpenAiBody.chatCompletions(
                    new GeminiToOpenAiRequest(compatible).toOpenAi(request.tree().get(), model, request.stream())),
                    null, OpenAiUsage::ofResponse, () -> new OpenAiStreamRelay(true), OpenAiErrors::map),
                    request.clientModel());
            case GEMINI_EMBED -> {
                boolean batch = GeminiEmbedContent.isBatch(request.tree().get());
                yield new CallPlan(GeminiEmbedContent.toOpenAi(request.tree().get(), model),
                        body -> GeminiEmbedContent.fromOpenAi(body, batch), OpenAiUsage::ofResponse, null,
                        OpenAiErrors::map);
            }
            case ANTHROPIC_COUNT_TOKENS, GEMINI_COUNT_TOKENS -> throw new TranslationException("OpenAI-type providers"
                    + " count no tokens for a request; the gateway answers an estimate instead.", "model");
        });
    }

    @Override
    public List<Header> authHeaders(Secret apiKey) {
        return List.of(Header.secret("Authorization", "Bearer " + apiKey.reveal()));
    }

    @Override
    public UpstreamRequest catalogRequest(ProviderSettings settings, String cursor) {
        return OpenAiModelCatalog.listRequest();
    }

    @Override
    public ModelPage catalogPage(byte[] body) throws ModelListException {
        return OpenAiModelCatalog.parse(body);
    }

    @Override
    public GatewayError error(int status, Map<String, String> lowercaseHeaders, byte[] body) {
        return OpenAiErrors.map(status, lowercaseHeaders, body);
    }

    @Override
    public List<String> familyPrefixes() {
        return List.of();
    }

    @Override
    public String genAiSystem() {
        return compatible ? "_OTHER" : "openai";
    }

    @Override
    public String defaultEndpoint() {
        return compatible ? null : "https://api.openai.com/v1";
    }

    @Override
    public String endpointPath(String path) {
        return path.isEmpty() ? "/v1" : path;
    }

    @Override
    public String endpointRule() {
        return "OpenAI-compatible endpoints include their API version, as the OpenAI SDKs' base URL does";
    }

    @Override
    public JudgeOptions judgeOptions(String model) {
        return new JudgeOptions(!FIXED_TEMPERATURE.matcher(model).matches(),
                compatible ? "max_tokens" : "max_completion_tokens");
    }
}
