package io.gatehouse.provider.anthropic;

/** Anthropic {@code stop_reason} ⇄ OpenAI {@code finish_reason} (MAPPING §3.2, §4.6), each into the target's enum only. */
final class StopReasons {
    private StopReasons() {
    }

    static String toOpenAi(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn and values added later
        };
    }

    static String toAnthropic(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }
}
