package io.gatehouse.provider.anthropic;

/**
 * Per-configuration settings of the Anthropic translation.
 *
 * @param anthropicVersion the {@code anthropic-version} header sent upstream (configurable: newer SDKs send newer dates)
 * @param maxTokens        how to fill the required {@code max_tokens} when the client gave none
 */
public record AnthropicOptions(String anthropicVersion, AnthropicMaxTokens maxTokens) {
    public static final String DEFAULT_VERSION = "2023-06-01";

    public static AnthropicOptions defaults() {
        return new AnthropicOptions(DEFAULT_VERSION, AnthropicMaxTokens.builtIn());
    }
}
