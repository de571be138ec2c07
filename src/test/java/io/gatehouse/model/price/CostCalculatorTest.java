package io.gatehouse.model.price;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.model.AiType;
import io.gatehouse.model.InvalidValueException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostCalculatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CostCalculator calculator = new CostCalculator(PriceTable.shipped());

    private String matched(AiType type, PriceList overrides, String model) {
        return calculator.find(type, overrides, model).map(m -> m.version() + " " + m.row().model()).orElse(null);
    }

    private String matched(AiType type, String model) {
        return matched(type, PriceList.NONE, model);
    }

    @Test
    void anExactIdFindsItsOwnRow() {
        assertThat(matched(AiType.OPENAI, "gpt-4o")).isEqualTo("openai-2026-12-07 gpt-4o");
        assertThat(matched(AiType.OPENAI, "gpt-4o-mini")).isEqualTo("openai-2026-12-07 gpt-4o-mini");
        assertThat(matched(AiType.OPENAI, "GPT-4.1-Nano")).isEqualTo("openai-2026-12-07 gpt-4.1-nano");
        assertThat(matched(AiType.ANTHROPIC, "claude-haiku-4-5")).isEqualTo("anthropic-2026-12-07 claude-haiku-4-5");
        assertThat(matched(AiType.GOOGLE, "gemini-2.5-flash")).isEqualTo("gemini-2026-12-07 gemini-2.5-flash");
        assertThat(matched(AiType.GOOGLE, "models/gemini-2.5-flash-lite")).isEqualTo("gemini-2026-12-07 gemini-2.5-flash-lite");
    }

    @Test
    void datedAndNumberedSnapshotsArePricedByTheirModel() {
        assertThat(matched(AiType.OPENAI, "gpt-4o-2024-08-06")).isEqualTo("openai-2026-12-07 gpt-4o");
        assertThat(matched(AiType.OPENAI, "gpt-4o-mini-2024-07-18")).isEqualTo("openai-2026-12-07 gpt-4o-mini");
        assertThat(matched(AiType.ANTHROPIC, "claude-sonnet-4-5-20250929")).isEqualTo("anthropic-2026-12-07 claude-sonnet-4-5");
        assertThat(matched(AiType.ANTHROPIC, "claude-3-5-haiku-latest")).isEqualTo("anthropic-2026-12-07 claude-3-5-haiku");
        assertThat(matched(AiType.GOOGLE, "gemini-1.5-pro-002")).isEqualTo("gemini-2026-12-07 gemini-1.5-pro");
        // A snapshot priced apart from its model keeps its own row.
        assertThat(matched(AiType.OPENAI, "gpt-4o-2024-05-13")).isEqualTo("openai-2026-12-07 gpt-4o-2024-05-13");
    }

    @Test
    void bedrockIdsArePricedByTheModelInside() {
        assertThat(matched(AiType.AWS, "anthropic.claude-3-5-haiku-20241022-v1:0")).isEqualTo("bedrock-2026-12-07 claude-3-5-haiku");
        assertThat(matched(AiType.AWS, "us.anthropic.claude-sonnet-4-5-20250929-v1:0")).isEqualTo("bedrock-2026-12-07 claude-sonnet-4-5");
        assertThat(matched(AiType.AWS, "claude-3-5-haiku-20241022")).as("the catalog's friendly name").isEqualTo("bedrock-2026-12-07 claude-3-5-haiku");
        assertThat(matched(AiType.AWS, "amazon.nova-pro-v1:0")).isEqualTo("bedrock-2026-12-07 nova-pro");
        assertThat(matched(AiType.AWS, "eu.amazon.nova-micro-v1:0")).isEqualTo("bedrock-2026-12-07 nova-micro");
        assertThat(matched(AiType.AWS, "meta.llama3-1-8b-instruct-v1:0")).isEqualTo("bedrock-2026-12-07 llama3-1-8b-instruct");
        assertThat(matched(AiType.AWS, "mistral.mistral-large-2407-v1:0")).isEqualTo("bedrock-2026-12-07 mistral-large-2407");
        assertThat(matched(AiType.AWS, "cohere.command-r-plus-v1:0")).isNull();
        assertThat(matched(AiType.GOOGLE, "gemini-2.5-flash")).as("dotted names of other providers are left alone")
                .isEqualTo("gemini-2026-12-07 gemini-2.5-flash");
    }

    @Test
    void aFamilyRowPricesEveryIdItPrefixesAndTheLongestPrefixWins() {
        PriceList own = PriceList.overrides(json("""
                {"llama*": {"input": 0.1, "output": 0.2}, "llama-3.1-70b*": {"input": 0.5, "output": 0.9}}"""), "override@x");
        assertThat(matched(AiType.OTHER, own, "llama-3.1-8b-instruct")).isEqualTo("override@x llama*");
        assertThat(matched(AiType.OTHER, own, "llama-3.1-70b-instruct")).isEqualTo("override@x llama-3.1-70b*");
        PriceList everything = PriceList.overrides(json("{\"*\": {\"input\": 0, \"output\": 0}}"), "override@y");
        assertThat(matched(AiType.OTHER, everything, "anything-at-all")).isEqualTo("override@y *");
    }

    @Test
    void aConfigurationsOwnPriceWinsOverTheTable() {
        PriceList own = PriceList.overrides(json("{\"gpt-4o\": {\"input\": 1, \"output\": 2}}"), "override@2026-12-07T10:00:00Z");
        assertThat(matched(AiType.OPENAI, own, "gpt-4o-2024-08-06")).isEqualTo("override@2026-12-07T10:00:00Z gpt-4o");
        assertThat(matched(AiType.OPENAI, own, "gpt-4o-mini")).isEqualTo("openai-2026-12-07 gpt-4o-mini");
    }

    @Test
    void anUnknownModelIsUnpricedNotFree() {
        assertThat(matched(AiType.OPENAI, "gpt-unheard-of")).isNull();
        assertThat(matched(AiType.OTHER, "gpt-4o")).as("an OpenAI-compatible server is not OpenAI").isNull();
        assertThat(matched(AiType.ANTHROPIC, "gpt-4o")).isNull();
        Cost cost = calculator.cost(AiType.OPENAI, PriceList.NONE, "gpt-unheard-of", new TokenCounts(10, 0, 0, 5));
        assertThat(cost.priced()).isFalse();
        assertThat(cost.micros()).isNull();
        assertThat(calculator.cost(AiType.OPENAI, PriceList.NONE, "gpt-unheard-of", TokenCounts.NONE))
                .as("no tokens cost nothing, known or not").isEqualTo(Cost.NOTHING);
    }

    @Test
    void everyTokenClassHasItsPriceAndTheSumIsRoundedOnceHalfUp() {
        // gpt-4o: 2.50 input, 1.25 cached, 10.00 output per million = micro-dollars per token.
        Cost cost = calculator.cost(AiType.OPENAI, PriceList.NONE, "gpt-4o", TokenCounts.ofPrompt(1000, 400, 0, 100));
        assertThat(cost.micros()).isEqualTo(600 * 25 / 10 + 400 * 125 / 100 + 100 * 10);
        assertThat(cost.priceVersion()).isEqualTo("openai-2026-12-07");
        // claude-sonnet-4-5: 3 input, 0.30 cache read, 3.75 cache write, 15 output; 3 x 0.3 + 1 x 3.75 = 4.65 -> 5.
        assertThat(calculator.cost(AiType.ANTHROPIC, PriceList.NONE, "claude-sonnet-4-5", new TokenCounts(0, 3, 1, 0)).micros())
                .isEqualTo(5);
        // gpt-4o-mini: 0.15 per input token; 3 tokens = 0.45 -> 0, 4 tokens = 0.6 -> 1.
        assertThat(calculator.cost(AiType.OPENAI, PriceList.NONE, "gpt-4o-mini", new TokenCounts(3, 0, 0, 0)).micros()).isZero();
        assertThat(calculator.cost(AiType.OPENAI, PriceList.NONE, "gpt-4o-mini", new TokenCounts(4, 0, 0, 0)).micros()).isEqualTo(1);
    }

    @Test
    void aLongPromptIsPricedByTheLongContextTier() {
        TokenCounts atThreshold = new TokenCounts(150_000, 50_000, 0, 1000);
        TokenCounts above = new TokenCounts(150_001, 50_000, 0, 1000);
        assertThat(calculator.cost(AiType.GOOGLE, PriceList.NONE, "gemini-2.5-pro", atThreshold).micros())
                .isEqualTo(Math.round(150_000 * 1.25 + 50_000 * 0.125 + 1000 * 10));
        assertThat(calculator.cost(AiType.GOOGLE, PriceList.NONE, "gemini-2.5-pro", above).micros())
                .isEqualTo(Math.round(150_001 * 2.5 + 50_000 * 0.25 + 1000 * 15));
    }

    @Test
    void promptTokensThatIncludeCachedOnesAreNotCountedTwice() {
        assertThat(TokenCounts.ofPrompt(100, 30, 20, 7)).isEqualTo(new TokenCounts(50, 30, 20, 7));
        // A provider claiming more cached tokens than prompt tokens is not believed past the prompt.
        assertThat(TokenCounts.ofPrompt(10, 30, 5, 0)).isEqualTo(new TokenCounts(0, 10, 0, 0));
    }

    @Test
    void dollarsAreADecimalStringWithSixPlaces() {
        assertThat(CostCalculator.dollars(1234)).isEqualTo("0.001234");
        assertThat(CostCalculator.dollars(12_500_000)).isEqualTo("12.500000");
        assertThat(CostCalculator.dollars(0)).isEqualTo("0.000000");
    }

    @Test
    void overridesAreValidatedFieldByField() {
        PriceList own = PriceList.overrides(json("{\"m\": {\"input\": 2, \"output\": 8}}"), "v");
        assertThat(own.rows().getFirst().price()).isEqualTo(new Price(new BigDecimal("2"), new BigDecimal("8"),
                new BigDecimal("2"), new BigDecimal("2")));
        refused("[]", true, "prices must be an object");
        refused("{\"m\": 3}", true, "prices['m'] must be an object");
        refused("{\"m\": {\"output\": 1}}", true, "prices['m'].input is required");
        refused("{\"m\": {\"input\": \"1\", \"output\": 1}}", true, "prices['m'].input must be a number");
        refused("{\"m\": {\"input\": 1, \"output\": 1, \"batch\": 1}}", true, "prices['m'].batch is not a price field");
        refused("{\"m\": {\"input\": -1, \"output\": 1}}", false, "prices['m'].input must be from 0 to 100000");
        refused("{\"m\": {\"input\": 1, \"output\": 1e9}}", false, "prices['m'].output must be from 0 to 100000");
        refused("{\"m\": {\"input\": 0.0000001, \"output\": 1}}", false, "has more than 6 decimals");
        refused("{\"a*b\": {\"input\": 1, \"output\": 1}}", true, "'*' may only end a model id");
        refused("{\"\": {\"input\": 1, \"output\": 1}}", true, "empty model id");
        refused("{\"GPT\": {\"input\": 1, \"output\": 1}, \"gpt\": {\"input\": 1, \"output\": 1}}", false, "twice");
        assertThat(PriceList.overrides(json("null"), "v")).isSameAs(PriceList.NONE);
    }

    @Test
    void theShippedTableHasASourceAndDateOnEveryRow() {
        for (AiType type : new AiType[] {AiType.OPENAI, AiType.ANTHROPIC, AiType.GOOGLE, AiType.AWS}) {
            PriceList list = PriceTable.shipped().list(type);
            assertThat(list.rows()).isNotEmpty();
            assertThat(list.rows()).allSatisfy(row -> {
                assertThat(row.source()).startsWith("https://");
                assertThat(row.date()).matches("\\d{4}-\\d{2}-\\d{2}");
            });
        }
        assertThat(PriceTable.shipped().list(AiType.OTHER).isEmpty()).isTrue();
    }

    private static void refused(String prices, boolean malformed, String message) {
        assertThatThrownBy(() -> PriceList.overrides(json(prices), "v"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.malformed()).isEqualTo(malformed))
                .hasMessageContaining(message);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
