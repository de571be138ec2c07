package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.route.Route;
import io.gatehouse.route.Upstream;
import io.gatehouse.gateway.upstream.MediaFetcher;
import io.gatehouse.model.AiType;
import io.gatehouse.provider.ChainedStream;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.Usage;
import io.gatehouse.provider.anthropic.AnthropicErrors;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiRequest;
import io.gatehouse.provider.anthropic.AnthropicMaxTokens;
import io.gatehouse.provider.anthropic.AnthropicOptions;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicRequest;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiResponse;
import io.gatehouse.provider.anthropic.AnthropicStreamRelay;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiStream;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicResponse;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicStream;
import io.gatehouse.provider.gemini.GeminiEmbeddings;
import io.gatehouse.provider.gemini.GeminiErrors;
import io.gatehouse.provider.gemini.GeminiOptions;
import io.gatehouse.provider.gemini.OpenAiToGeminiRequest;
import io.gatehouse.provider.gemini.GeminiToOpenAiResponse;
import io.gatehouse.provider.gemini.GeminiToOpenAiStream;
import io.gatehouse.provider.gemini.MediaFetch;
import io.gatehouse.provider.gemini.RemoteMedia;
import io.gatehouse.provider.openai.OpenAiErrors;
import io.gatehouse.provider.openai.OpenAiStreamRelay;
import io.gatehouse.provider.openai.OpenAiUsage;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Chooses the translation for (endpoint, upstream wire format) and builds the {@link CallPlan}: OpenAI to OpenAI-type
 * upstreams byte for byte (only {@code model} and stream usage edited), everything else through the provider library.
 * Only Gemini with linked images waits (for the image fetches); every other plan is ready at once.
 */
final class CallPlanner {
    private static final Usage NO_TOKENS = new Usage(0, 0, 0, 0, null, null);

    private final GatewaySettings settings;
    private final Clock clock;
    private final IdGenerator ids;
    private final MediaFetcher media;
    private final GeminiOptions gemini;

    CallPlanner(GatewayContext context, MediaFetcher media) {
        this(context.settings(), context.clock(), context.ids(), media);
    }

    /** Without a gateway context: what {@link ProviderChat} needs, before the gateway's context exists. */
    CallPlanner(GatewaySettings settings, Clock clock, IdGenerator ids, MediaFetcher media) {
        this.settings = settings;
        this.clock = clock;
        this.ids = ids;
        this.media = media;
        this.gemini = new GeminiOptions(settings.geminiApiVersion());
    }

    Future<CallPlan> plan(Exchange ex, Route route) {
        try {
            return switch (ex.api) {
                case CHAT -> chat(ex.facts, route);
                case EMBEDDINGS -> Future.succeededFuture(embeddings(ex.facts, route));
                case ANTHROPIC_MESSAGES -> anthropicIngress(ex, route);
                case MODELS -> throw new IllegalStateException("GET /v1/models calls no provider");
            };
        } catch (TranslationException e) {
            return Future.failedFuture(e);
        }
    }

    /** A chat completion (OpenAI-shaped {@code facts}) for {@code route}: also used by {@link ProviderChat}. */
    Future<CallPlan> chat(RequestFacts facts, Route route) {
        String model = route.upstreamModel();
        boolean wantsUsage = facts.clientWantsUsage();
        return switch (route.upstream().format()) {
            case OPENAI -> Future.succeededFuture(new CallPlan(facts.openAi.chatCompletions(model), null,
                    OpenAiUsage::ofResponse, () -> new OpenAiStreamRelay(wantsUsage), OpenAiErrors::map));
            case ANTHROPIC -> {
                AnthropicToOpenAiResponse answers = new AnthropicToOpenAiResponse(clock);
                yield Future.succeededFuture(new CallPlan(
                        new OpenAiToAnthropicRequest(anthropicOptions(route.upstream())).translate(facts.tree(), model),
                        answers::translate, AnthropicToOpenAiResponse::usage,
                        () -> new AnthropicToOpenAiStream(wantsUsage, clock), AnthropicErrors::map));
            }
            case GEMINI -> withMedia(facts.tree()).map(fetched -> geminiChat(facts.tree(), route, fetched, wantsUsage));
        };
    }

    private CallPlan geminiChat(JsonNode openAiRequest, Route route, Map<String, MediaFetch> fetched, boolean wantsUsage) {
        String model = route.upstreamModel();
        GeminiToOpenAiResponse answers = new GeminiToOpenAiResponse(clock, ids);
        return new CallPlan(new OpenAiToGeminiRequest(gemini).translate(openAiRequest, model, fetched),
                body -> answers.translate(body, model), GeminiToOpenAiResponse::usage,
                () -> new GeminiToOpenAiStream(wantsUsage, clock, ids, model), GeminiErrors::map);
    }

    private CallPlan embeddings(RequestFacts facts, Route route) {
        String model = route.upstreamModel();
        return switch (route.upstream().format()) {
            case OPENAI -> new CallPlan(facts.openAi.embeddings(model), null, OpenAiUsage::ofResponse, null,
                    OpenAiErrors::map);
            case GEMINI -> {
                boolean base64 = "base64".equals(facts.tree().path("encoding_format").asText(""));
                yield new CallPlan(new GeminiEmbeddings(gemini).request(facts.tree(), model),
                        body -> GeminiEmbeddings.response(body, model, base64), body -> NO_TOKENS, null, GeminiErrors::map);
            }
            case ANTHROPIC -> throw new TranslationException("The model '" + facts.model() + "' is served by an Anthropic"
                    + " configuration, and Anthropic offers no embeddings. Use an OpenAI-type or Gemini embedding model.",
                    "model");
        };
    }

    private Future<CallPlan> anthropicIngress(Exchange ex, Route route) {
        RequestFacts facts = ex.facts;
        String model = route.upstreamModel();
        Upstream upstream = route.upstream();
        return switch (upstream.format()) {
            case ANTHROPIC -> {
                String version = ex.request.getHeader("anthropic-version");
                yield Future.succeededFuture(new CallPlan(facts.anthropic.messages(model,
                        version == null ? settings.anthropicVersion() : version,
                        ex.request.getHeader("anthropic-beta")), null, AnthropicToOpenAiResponse::usage,
                        AnthropicStreamRelay::new, AnthropicErrors::map));
            }
            case OPENAI -> Future.succeededFuture(new CallPlan(
                    new AnthropicToOpenAiRequest(upstream.aiType() == AiType.OTHER).chatCompletions(facts.tree(), model),
                    OpenAiToAnthropicResponse::translate, OpenAiUsage::ofResponse, OpenAiToAnthropicStream::new,
                    OpenAiErrors::map));
            case GEMINI -> {
                JsonNode openAi = new AnthropicToOpenAiRequest(false).toOpenAi(facts.tree(), model);
                yield withMedia(openAi).map(fetched -> {
                    CallPlan viaOpenAi = geminiChat(openAi, route, fetched, true);
                    return new CallPlan(viaOpenAi.request(),
                            body -> OpenAiToAnthropicResponse.translate(viaOpenAi.translate().apply(body)),
                            viaOpenAi.usage(), () -> new ChainedStream(viaOpenAi.stream().get(), new OpenAiToAnthropicStream()),
                            viaOpenAi.errors());
                });
            }
        };
    }

    private Future<Map<String, MediaFetch>> withMedia(JsonNode openAiRequest) {
        List<RemoteMedia> remote = OpenAiToGeminiRequest.remoteMedia(openAiRequest);
        return remote.isEmpty() ? Future.succeededFuture(Map.of()) : media.fetchAll(remote);
    }

    private AnthropicOptions anthropicOptions(Upstream upstream) {
        Map<String, ModelEntry> catalog = upstream.catalog();
        return new AnthropicOptions(settings.anthropicVersion(), new AnthropicMaxTokens(Map.of(),
                model -> {
                    ModelEntry entry = catalog.get(model);
                    return entry == null ? null : entry.maxOutputTokens();
                }, settings.anthropicMaxTokens()));
    }
}
