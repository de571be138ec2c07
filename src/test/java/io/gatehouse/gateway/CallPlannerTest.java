package io.gatehouse.gateway;

import io.gatehouse.config.Settings;
import io.gatehouse.crypto.Secret;
import io.gatehouse.model.AiType;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.provider.CallPlan;
import io.gatehouse.provider.ChainedStream;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.Ingress;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.anthropic.AnthropicStreamRelay;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiStream;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicStream;
import io.gatehouse.provider.gemini.GeminiStreamRelay;
import io.gatehouse.provider.gemini.GeminiToOpenAiStream;
import io.gatehouse.provider.openai.OpenAiStreamRelay;
import io.gatehouse.route.Endpoint;
import io.gatehouse.route.Route;
import io.gatehouse.route.Upstream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per cell of the planner's table: ingress (OpenAI chat, OpenAI embeddings, Anthropic Messages and token
 * counts, Gemini generateContent, countTokens and embeddings) × provider (OpenAI, OpenAI-compatible, Anthropic,
 * Gemini, Bedrock) × whole answer or stream. Each checks where the request goes, whether
 * it passes byte for byte, and which translator reads the stream.
 */
class CallPlannerTest {
    private static final String CHAT = """
            {"model":"client-model","messages":[{"role":"user","content":"hi"}]%s}""";
    private static final String MESSAGES = """
            {"model":"client-model","max_tokens":64,"messages":[{"role":"user","content":"hi"}]%s}""";
    private static final String EMBEDDINGS = """
            {"model":"client-model","input":["hi"]}""";
    private static final String GEMINI = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
    private static final String COUNT = "{\"model\":\"client-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String BATCH_EMBED = "{\"requests\":[{\"model\":\"models/client-model\",\"content\":{\"parts\":"
            + "[{\"text\":\"a\"}]}},{\"model\":\"models/client-model\",\"content\":{\"parts\":[{\"text\":\"b\"}]}}]}";

    private final CallPlanner planner = new CallPlanner(GatewaySettings.from(Settings.of(Map.of())), Clock.systemUTC(),
            IdGenerator.random(), null);

    // OpenAI chat ingress

    @Test
    void openAiChatToOpenAiWhole() {
        CallPlan plan = plan(Ingress.CHAT, AiType.OPENAI, CHAT, false);
        assertThat(plan.request().path()).isEqualTo("/chat/completions");
        assertThat(plan.passThrough()).isTrue();
        assertThat(plan.request().bodyText()).contains("\"model\":\"upstream-model\"").doesNotContain("\"stream\"");
    }

    @Test
    void openAiChatToOpenAiStream() {
        CallPlan plan = plan(Ingress.CHAT, AiType.OPENAI, CHAT, true);
        assertThat(plan.request().path()).isEqualTo("/chat/completions");
        assertThat(plan.passThrough()).isTrue();
        assertThat(plan.stream().get()).isInstanceOf(OpenAiStreamRelay.class);
        assertThat(plan.request().bodyText()).contains("\"include_usage\":true");
    }

    @Test
    void openAiChatToCompatibleWhole() {
        CallPlan plan = plan(Ingress.CHAT, AiType.OTHER, CHAT, false);
        assertThat(plan.request().path()).isEqualTo("/chat/completions");
        assertThat(plan.passThrough()).isTrue();
    }

    @Test
    void openAiChatToCompatibleStream() {
        CallPlan plan = plan(Ingress.CHAT, AiType.OTHER, CHAT, true);
        assertThat(plan.passThrough()).isTrue();
        assertThat(plan.stream().get()).isInstanceOf(OpenAiStreamRelay.class);
    }

    @Test
    void openAiChatToAnthropicWhole() {
        CallPlan plan = plan(Ingress.CHAT, AiType.ANTHROPIC, CHAT, false);
        assertThat(plan.request().path()).isEqualTo("/v1/messages");
        assertThat(plan.passThrough()).isFalse();
        assertThat(plan.request().bodyText()).contains("\"max_tokens\"").doesNotContain("\"stream\":true");
    }

    @Test
    void openAiChatToAnthropicStream() {
        CallPlan plan = plan(Ingress.CHAT, AiType.ANTHROPIC, CHAT, true);
        assertThat(plan.request().path()).isEqualTo("/v1/messages");
        assertThat(plan.request().bodyText()).contains("\"stream\":true");
        assertThat(plan.stream().get()).isInstanceOf(AnthropicToOpenAiStream.class);
    }

    @Test
    void openAiChatToGeminiWhole() {
        CallPlan plan = plan(Ingress.CHAT, AiType.GOOGLE, CHAT, false);
        assertThat(plan.request().path()).isEqualTo("/v1beta/models/upstream-model:generateContent");
        assertThat(plan.passThrough()).isFalse();
    }

    @Test
    void openAiChatToGeminiStream() {
        CallPlan plan = plan(Ingress.CHAT, AiType.GOOGLE, CHAT, true);
        assertThat(plan.request().path()).isEqualTo("/v1beta/models/upstream-model:streamGenerateContent?alt=sse");
        assertThat(plan.stream().get()).isInstanceOf(GeminiToOpenAiStream.class);
    }

    @Test
    void openAiChatToBedrockWhole() {
        CallPlan plan = plan(Ingress.CHAT, AiType.AWS, CHAT, false);
        assertThat(plan.request().path()).isEqualTo("/model/upstream-model/converse");
        assertThat(plan.passThrough()).isFalse();
        assertThat(plan.request().bodyText()).startsWith("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]");
    }

    @Test
    void openAiChatToBedrockStream() {
        CallPlan plan = plan(Ingress.CHAT, AiType.AWS, CHAT, true);
        assertThat(plan.request().path()).isEqualTo("/model/upstream-model/converse-stream");
        assertThat(plan.stream().get().getClass().getSimpleName()).isEqualTo("BedrockToOpenAiStream");
    }

    // OpenAI embeddings ingress (no streams)

    @Test
    void embeddingsToOpenAi() {
        CallPlan plan = plan(Ingress.EMBEDDINGS, AiType.OPENAI, EMBEDDINGS, false);
        assertThat(plan.request().path()).isEqualTo("/embeddings");
        assertThat(plan.passThrough()).isTrue();
        assertThat(plan.stream()).isNull();
    }

    @Test
    void embeddingsToCompatible() {
        CallPlan plan = plan(Ingress.EMBEDDINGS, AiType.OTHER, EMBEDDINGS, false);
        assertThat(plan.request().path()).isEqualTo("/embeddings");
        assertThat(plan.passThrough()).isTrue();
    }

    @Test
    void embeddingsToAnthropicAreRefused() {
        assertThatThrownBy(() -> plan(Ingress.EMBEDDINGS, AiType.ANTHROPIC, EMBEDDINGS, false))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(TranslationException.class)
                .hasMessageContaining("Anthropic offers no embeddings");
    }

    @Test
    void embeddingsToBedrockAreRefused() {
        assertThatThrownBy(() -> plan(Ingress.EMBEDDINGS, AiType.AWS, EMBEDDINGS, false))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(TranslationException.class)
                .hasMessageContaining("Embeddings are not available through AWS Bedrock");
    }

    @Test
    void embeddingsToGemini() {
        CallPlan plan = plan(Ingress.EMBEDDINGS, AiType.GOOGLE, EMBEDDINGS, false);
        assertThat(plan.request().path()).isEqualTo("/v1beta/models/upstream-model:batchEmbedContents");
        assertThat(plan.passThrough()).isFalse();
        assertThat(plan.stream()).isNull();
    }

    // Anthropic Messages ingress

    @Test
    void anthropicMessagesToAnthropicWhole() {
        CallPlan plan = plan(Ingress.ANTHROPIC_MESSAGES, AiType.ANTHROPIC, MESSAGES, false);
        assertThat(plan.request().path()).isEqualTo("/v1/messages");
        assertThat(plan.passThrough()).isTrue();
        assertThat(plan.request().headers()).anySatisfy(h -> assertThat(h.name()).isEqualTo("anthropic-version"));
    }

    @Test
    void anthropicMessagesToAnthropicStream() {
        CallPlan plan = plan(Ingress.ANTHROPIC_MESSAGES, AiType.ANTHROPIC, MESSAGES, true);
        assertThat(plan.passThrough()).isTrue();
        assertThat(plan.stream().get()).isInstanceOf(AnthropicStreamRelay.class);
    }

    @Test
    void anthropicMessagesToOpenAiWhole() {
        CallPlan plan = plan(Ingress.ANTHROPIC_MESSAGES, AiType.OPENAI, MESSAGES, false);
        assertThat(plan.request().path()).isEqualTo("/chat/completions");
        assertThat(plan.passThrough()).isFalse();
        assertThat(plan.request().bodyText()).contains("\"max_completion_tokens\":64");
    }

    @Test
    void anthropicMessagesToOpenAiStream() {
        CallPlan plan = plan(Ingress.ANTHROPIC_MESSAGES, AiType.OPENAI, MESSAGES, true);
        assertThat(plan.request().bodyText()).contains("\"stream\":true");
        assertThat(plan.stream().get()).isInstanceOf(OpenAiToAnthropicStream.class);
    }

    @Test
    void anthropicMessagesToCompatibleWhole() {
        CallPlan plan = plan(Ingress.ANTHROPIC_MESSAGES, AiType.OTHER, MESSAGES, false);
        assertThat(plan.request().path()).isEqualTo("/chat/completions");
        assertThat(plan.request().bodyText()).contains("\"max_tokens\":64").doesNotContain("max_completion_tokens");
    }

    @Test
    void anthropicMessagesToCompatibleStream() {
        CallPlan plan = plan(Ingress.ANTHROPIC_MESSAGES, AiType.OTHER, MESSAGES, true);
        assertThat(plan.stream().get()).isInstanceOf(OpenAiToAnthropicStream.class);
    }

    @Test
    void anthropicMessagesToGeminiWhole() {
        CallPlan plan = plan(Ingress.ANTHROPIC_MESSAGES, AiType.GOOGLE, MESSAGES, false);
        assertThat(plan.request().path()).isEqualTo("/v1beta/models/upstream-model:generateContent");
        assertThat(plan.passThrough()).isFalse();
    }

    @Test
    void anthropicMessagesToGeminiStream() {
        CallPlan plan = plan(Ingress.ANTHROPIC_MESSAGES, AiType.GOOGLE, MESSAGES, true);
        assertThat(plan.request().path()).endsWith(":streamGenerateContent?alt=sse");
        assertThat(plan.stream().get()).isInstanceOf(ChainedStream.class);
    }

    @Test
    void anthropicMessagesToBedrockWhole() {
        CallPlan plan = plan(Ingress.ANTHROPIC_MESSAGES, AiType.AWS, MESSAGES, false);
        assertThat(plan.request().path()).isEqualTo("/model/upstream-model/converse");
        assertThat(plan.request().bodyText()).contains("\"inferenceConfig\":{\"maxTokens\":64}");
    }

    @Test
    void anthropicMessagesToBedrockStream() {
        CallPlan plan = plan(Ingress.ANTHROPIC_MESSAGES, AiType.AWS, MESSAGES, true);
        assertThat(plan.request().path()).isEqualTo("/model/upstream-model/converse-stream");
        assertThat(plan.stream().get()).isInstanceOf(ChainedStream.class);
    }

    // Gemini-native ingress: pass-through to Gemini, through the OpenAI chat hub elsewhere

    @Test
    void geminiGenerateToGeminiWholePassesTheBodyAsItCame() {
        CallPlan plan = plan(Ingress.GEMINI_GENERATE, AiType.GOOGLE, GEMINI, false);
        assertThat(plan.request().path()).isEqualTo("/v1beta/models/upstream-model:generateContent");
        assertThat(plan.passThrough()).isTrue();
        assertThat(plan.request().bodyText()).isEqualTo(GEMINI);
    }

    @Test
    void geminiGenerateToGeminiStream() {
        CallPlan plan = plan(Ingress.GEMINI_GENERATE, AiType.GOOGLE, GEMINI, true);
        assertThat(plan.request().path()).isEqualTo("/v1beta/models/upstream-model:streamGenerateContent?alt=sse");
        assertThat(plan.stream().get()).isInstanceOf(GeminiStreamRelay.class);
    }

    @Test
    void geminiGenerateToOpenAiWhole() {
        CallPlan plan = plan(Ingress.GEMINI_GENERATE, AiType.OPENAI, GEMINI, false);
        assertThat(plan.request().path()).isEqualTo("/chat/completions");
        assertThat(plan.passThrough()).isFalse();
        assertThat(plan.request().bodyText()).contains("\"model\":\"upstream-model\"", "\"text\":\"hi\"")
                .doesNotContain("\"stream\"");
    }

    @Test
    void geminiGenerateToCompatibleStream() {
        CallPlan plan = plan(Ingress.GEMINI_GENERATE, AiType.OTHER, GEMINI, true);
        assertThat(plan.request().bodyText()).contains("\"stream\":true", "\"include_usage\":true");
        assertThat(plan.stream().get()).isInstanceOf(ChainedStream.class);
    }

    @Test
    void geminiGenerateToAnthropicWhole() {
        CallPlan plan = plan(Ingress.GEMINI_GENERATE, AiType.ANTHROPIC, GEMINI, false);
        assertThat(plan.request().path()).isEqualTo("/v1/messages");
        assertThat(plan.passThrough()).isFalse();
    }

    @Test
    void geminiGenerateToAnthropicStream() {
        CallPlan plan = plan(Ingress.GEMINI_GENERATE, AiType.ANTHROPIC, GEMINI, true);
        assertThat(plan.request().bodyText()).contains("\"stream\":true");
        assertThat(plan.stream().get()).isInstanceOf(ChainedStream.class);
    }

    @Test
    void geminiGenerateToBedrockStream() {
        CallPlan plan = plan(Ingress.GEMINI_GENERATE, AiType.AWS, GEMINI, true);
        assertThat(plan.request().path()).isEqualTo("/model/upstream-model/converse-stream");
        assertThat(plan.stream().get()).isInstanceOf(ChainedStream.class);
    }

    @Test
    void geminiCountTokensAsksGeminiAndAnthropicAndNotOpenAi() {
        assertThat(plan(Ingress.GEMINI_COUNT_TOKENS, AiType.GOOGLE, GEMINI, false).request().path())
                .isEqualTo("/v1beta/models/upstream-model:countTokens");
        CallPlan anthropic = plan(Ingress.GEMINI_COUNT_TOKENS, AiType.ANTHROPIC, GEMINI, false);
        assertThat(anthropic.request().path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(anthropic.request().bodyText()).doesNotContain("max_tokens");
        assertThat(text(anthropic.translate().apply(bytes("{\"input_tokens\":7}")))).isEqualTo("{\"totalTokens\":7}");
        assertThatThrownBy(() -> plan(Ingress.GEMINI_COUNT_TOKENS, AiType.OPENAI, GEMINI, false))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(TranslationException.class);
    }

    @Test
    void anthropicCountTokensPassesToAnthropicAndTranslatesToGemini() {
        CallPlan anthropic = plan(Ingress.ANTHROPIC_COUNT_TOKENS, AiType.ANTHROPIC, COUNT, false);
        assertThat(anthropic.request().path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(anthropic.passThrough()).isTrue();
        CallPlan gemini = plan(Ingress.ANTHROPIC_COUNT_TOKENS, AiType.GOOGLE, COUNT, false);
        assertThat(gemini.request().path()).isEqualTo("/v1beta/models/upstream-model:countTokens");
        assertThat(gemini.request().bodyText()).contains("\"generateContentRequest\"", "\"model\":\"models/upstream-model\"");
        assertThat(text(gemini.translate().apply(bytes("{\"totalTokens\":9}")))).isEqualTo("{\"input_tokens\":9}");
    }

    @Test
    void geminiEmbedToGeminiRenamesEachBatchRequestsModel() {
        CallPlan plan = plan(Ingress.GEMINI_EMBED, AiType.GOOGLE, BATCH_EMBED, false);
        assertThat(plan.request().path()).isEqualTo("/v1beta/models/upstream-model:batchEmbedContents");
        assertThat(plan.request().bodyText()).contains("\"model\":\"models/upstream-model\"");
    }

    @Test
    void geminiEmbedToOpenAiIsOneEmbeddingsCall() {
        CallPlan plan = plan(Ingress.GEMINI_EMBED, AiType.OPENAI, BATCH_EMBED, false);
        assertThat(plan.request().path()).isEqualTo("/embeddings");
        assertThat(plan.request().bodyText()).contains("\"input\":[\"a\",\"b\"]");
        assertThat(text(plan.translate().apply(bytes("{\"data\":[{\"embedding\":[0.5]},{\"embedding\":[0.25]}],"
                + "\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}"))))
                .isEqualTo("{\"embeddings\":[{\"values\":[0.5]},{\"values\":[0.25]}]}");
    }

    @Test
    void geminiEmbedToAnthropicIsRefused() {
        assertThatThrownBy(() -> plan(Ingress.GEMINI_EMBED, AiType.ANTHROPIC, BATCH_EMBED, false))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(TranslationException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private CallPlan plan(Ingress ingress, AiType type, String template, boolean stream) {
        Api api = switch (ingress) {
            case CHAT -> Api.CHAT;
            case EMBEDDINGS -> Api.EMBEDDINGS;
            case ANTHROPIC_MESSAGES -> Api.ANTHROPIC_MESSAGES;
            case ANTHROPIC_COUNT_TOKENS -> Api.ANTHROPIC_COUNT_TOKENS;
            case GEMINI_GENERATE -> stream ? Api.GEMINI_STREAM : Api.GEMINI_GENERATE;
            case GEMINI_COUNT_TOKENS -> Api.GEMINI_COUNT_TOKENS;
            case GEMINI_EMBED -> template.contains("requests") ? Api.GEMINI_BATCH_EMBED : Api.GEMINI_EMBED;
        };
        String body = template.contains("%s") ? template.formatted(stream ? ",\"stream\":true" : "") : template;
        RequestFacts facts = RequestFacts.read(api, "client-model", body.getBytes(StandardCharsets.UTF_8), 100);
        Upstream upstream = new Upstream("cfg", "org", "ws", "test", type, Endpoint.parse("https://provider.test"),
                new Secret("sk-test"), ValidationStatus.VALID, Map.of());
        return planner.plan(ingress, facts, new Route(upstream, "upstream-model"), null, null)
                .toCompletionStage().toCompletableFuture().join();
    }
}
