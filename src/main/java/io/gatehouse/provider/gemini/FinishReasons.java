package io.gatehouse.provider.gemini;

/** Gemini {@code finishReason} → OpenAI {@code finish_reason} (MAPPING §3.2): only OpenAI's enum comes out. */
final class FinishReasons {
    private FinishReasons() {
    }

    /** {@code STOP} on a turn with function calls is a tool-call turn (PITFALLS 8); nothing else is promoted (9). */
    static String toOpenAi(String finishReason, boolean sawFunctionCall) {
        return switch (finishReason) {
            case "STOP" -> sawFunctionCall ? "tool_calls" : "stop";
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                 "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "LANGUAGE" -> "content_filter";
            default -> "stop"; // MALFORMED_FUNCTION_CALL, OTHER, NO_IMAGE, FINISH_REASON_UNSPECIFIED, later values
        };
    }
}
