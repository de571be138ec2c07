package io.gatehouse.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.anthropic.AnthropicBody;
import io.gatehouse.provider.openai.OpenAiBody;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A client's request as a provider adapter plans it: the top-level read of the body in the ingress's shape
 * ({@code openAi} for the OpenAI ingresses, {@code anthropic} for the Anthropic one, the other null), the whole tree
 * (parsed on first use, only when a translation needs it), and where it goes.
 *
 * @param clientModel      the model the client named (for error messages)
 * @param upstreamModel    the model name sent upstream
 * @param clientWantsUsage whether an OpenAI client asked for usage in its stream
 * @param anthropicVersion the client's {@code anthropic-version} header on the Anthropic ingress, or null
 * @param anthropicBeta    the client's {@code anthropic-beta} header on the Anthropic ingress, or null
 * @param catalog          the upstream's recorded catalog (an Anthropic model's output limit is read there)
 * @param body             the client's body as it stands (after input policies), for same-format pass-through
 * @param stream           whether the client asked for a stream (the Gemini ingress says so in its path, not its body)
 */
public record PlanRequest(OpenAiBody openAi, AnthropicBody anthropic, Supplier<JsonNode> tree, String clientModel,
                          String upstreamModel, boolean clientWantsUsage, String anthropicVersion, String anthropicBeta,
                          Map<String, ModelEntry> catalog, byte[] body, boolean stream) {
}
