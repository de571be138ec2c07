package io.gatehouse.provider.bedrock;

/** Converse {@code stopReason} → OpenAI {@code finish_reason}. */
final class StopReasons {
    private StopReasons() {
    }

    static String toOpenAi(String stopReason) {
        return switch (stopReason == null ? "" : stopReason) {
            case "tool_use" -> "tool_calls";
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "guardrail_intervened", "content_filtered" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, later values
        };
    }
}
