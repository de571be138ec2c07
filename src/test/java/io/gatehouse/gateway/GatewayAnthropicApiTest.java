package io.gatehouse.gateway;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.models.ModelInfo;
import com.anthropic.models.models.ModelListPage;
import com.anthropic.models.models.ModelListParams;
import io.gatehouse.limit.TokenEstimate;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.ThreeProviders;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rest of Anthropic's API on {@code /anthropic}, driven by the official Anthropic SDK: {@code models.list()} (paged)
 * and {@code models.retrieve()}, {@code messages.countTokens()} against Anthropic (its own count), Gemini (its
 * countTokens) and OpenAI (an estimate, marked); and thinking blocks with their signatures, redacted thinking
 * included, passed unchanged both ways between an Anthropic client and an Anthropic upstream, streams too.
 */
class GatewayAnthropicApiTest {
    static ThreeProviders world;
    static TestServer server;
    static FakeOpenAi openai;
    static FakeAnthropic anthropic;
    static FakeGemini gemini;
    static GatewayWorld.Key key;
    static AnthropicClient sdk;

    @BeforeAll
    static void start() {
        world = ThreeProviders.start("claude code", "anthropic sdk key");
        server = world.server();
        openai = world.openai();
        anthropic = world.anthropic();
        gemini = world.gemini();
        key = world.key();
        sdk = GatewayWorld.anthropic(server, key.secret());
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @BeforeEach
    void reset() {
        world.reset();
    }

    @Test
    void modelsListIsTheRepositorysModelsPagedAsAnthropicPagesThem() {
        List<String> all = new ArrayList<>();
        sdk.models().list().autoPager().forEach(m -> all.add(m.id()));
        assertThat(all).contains("gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash").doesNotHaveDuplicates();

        ModelListPage first = sdk.models().list(ModelListParams.builder().limit(2).build());
        assertThat(first.data()).extracting(ModelInfo::id).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(first.hasMore()).contains(true);
        assertThat(first.lastId()).contains(all.get(1));
        List<String> walked = new ArrayList<>();
        for (ModelListPage page = first; ; page = page.nextPage()) {
            page.data().forEach(m -> walked.add(m.id()));
            if (!page.hasNextPage()) {
                break;
            }
        }
        assertThat(walked).isEqualTo(all);

        ModelListPage before = sdk.models().list(ModelListParams.builder().beforeId(all.get(3)).limit(2).build());
        assertThat(before.data()).extracting(ModelInfo::id).containsExactly(all.get(1), all.get(2));

        ModelInfo claude = sdk.models().retrieve("claude-sonnet-4-5");
        assertThat(claude.displayName()).isEqualTo("Claude Sonnet 4.5");
        assertThat(claude.createdAt().getYear()).isEqualTo(2025);
        assertThatThrownBy(() -> sdk.models().retrieve("no-such-model")).isInstanceOf(NotFoundException.class);
        HttpResult badLimit = GatewayWorld.send(server, "GET", "/anthropic/v1/models?limit=0", key.secret(), null);
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().path("type").asText()).isEqualTo("error");
    }

    @Test
    void countTokensIsTheProvidersOwnWhereItHasOneAndAMarkedEstimateElsewhere() {
        assertThat(count("claude-sonnet-4-5")).isEqualTo(FakeAnthropic.COUNTED_TOKENS);
        FakeProvider.Recorded sent = anthropic.requests().getLast();
        assertThat(sent.path()).isEqualTo("/v1/messages/count_tokens");
        assertThat(sent.header("anthropic-version")).isNotNull();

        assertThat(count("gemini-2.5-flash")).isEqualTo(FakeGemini.COUNTED_TOKENS);
        assertThat(FakeProvider.json(gemini.requests().getLast()).path("generateContentRequest").path("contents")
                .path(0).path("parts").path(0).path("text").asText()).isEqualTo("How many tokens is this?");

        // The limits' estimate (OpenAI's tokenizer for an OpenAI model); OpenAI is not asked.
        long estimate = TokenEstimate.input("How many tokens is this?", true);
        assertThat(count("gpt-4o")).isEqualTo(estimate);
        assertThat(openai.requests()).isEmpty();
        HttpResult raw = GatewayWorld.post(server, "/anthropic/v1/messages/count_tokens", key.secret(),
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"How many tokens is this?\"}]}");
        assertThat(raw.headers().firstValue(CountTokens.HEADER)).contains("estimate");
        assertThat(raw.json().path("input_tokens").asLong()).isEqualTo(estimate);

        var rows = GatewayWorld.usage(server, key.id(), 4);
        assertThat(rows).allSatisfy(row -> assertThat(row).containsEntry("tokens_in", 0L).containsEntry("status", 200));
    }

    private static long count(String model) {
        return sdk.messages().countTokens(MessageCountTokensParams.builder().model(model)
                .addUserMessage("How many tokens is this?").build()).inputTokens();
    }

    private static final String THINKING_REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":2048,\"thinking\":"
            + "{\"type\":\"enabled\",\"budget_tokens\":1024},\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"Let me check.\",\"signature\":"
            + "\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds\"},{\"type\":\"redacted_thinking\",\"data\":"
            + "\"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP\"},{\"type\":\"text\",\"text\":\"Sunny.\"}]},"
            + "{\"role\":\"user\",\"content\":\"Thanks\"}]%s}";
    private static final String THINKING_ANSWER = "{\"id\":\"msg_think\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"User is polite.\","
            + "\"signature\":\"ErUBCkYIBxgCIkB2\"},{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3\"},"
            + "{\"type\":\"text\",\"text\":\"You are welcome.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":40,\"output_tokens\":12}}";
    private static final String THINKING_STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_think","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"User is polite."}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"ErUBCkYIBxgCIkB2"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":12}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    @Test
    void thinkingBlocksAndSignaturesPassUnchangedBetweenAnthropicClientAndUpstream() {
        anthropic.respond("POST", "/v1/messages", r -> FakeProvider.Answer.json(200, THINKING_ANSWER));
        String request = THINKING_REQUEST.formatted("");
        HttpResult whole = GatewayWorld.post(server, "/anthropic/v1/messages", key.secret(), request);
        assertThat(whole.body()).isEqualTo(THINKING_ANSWER);
        assertThat(anthropic.requests().getLast().bodyText()).isEqualTo(request);

        anthropic.respond("POST", "/v1/messages", r -> FakeProvider.Answer.sse(THINKING_STREAM, Duration.ZERO));
        String streamed = THINKING_REQUEST.formatted(",\"stream\":true");
        HttpResult stream = GatewayWorld.post(server, "/anthropic/v1/messages", key.secret(), streamed);
        assertThat(stream.body()).isEqualTo(THINKING_STREAM);
        assertThat(anthropic.requests().getLast().bodyText()).isEqualTo(streamed);
    }
}
