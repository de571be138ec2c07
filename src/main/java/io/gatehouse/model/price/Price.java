package io.gatehouse.model.price;

import java.math.BigDecimal;

/**
 * Prices in US dollars per million tokens of each class — which is the same number as micro-dollars per token. Cached
 * input is what a cache hit costs (OpenAI {@code cached_tokens}, Anthropic {@code cache_read_input_tokens}, Gemini
 * {@code cachedContentTokenCount}); a cache write is what Anthropic charges for {@code cache_creation_input_tokens}.
 */
public record Price(BigDecimal input, BigDecimal output, BigDecimal cachedInput, BigDecimal cacheWrite) {
    /** Micro-dollars, unrounded, for the given tokens. */
    BigDecimal micros(TokenCounts tokens) {
        return input.multiply(BigDecimal.valueOf(tokens.input()))
                .add(cachedInput.multiply(BigDecimal.valueOf(tokens.cachedInput())))
                .add(cacheWrite.multiply(BigDecimal.valueOf(tokens.cacheWrite())))
                .add(output.multiply(BigDecimal.valueOf(tokens.output())));
    }
}
