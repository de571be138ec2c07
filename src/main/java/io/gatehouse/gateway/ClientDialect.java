package io.gatehouse.gateway;

import io.gatehouse.provider.GatewayError;

/** The wire format the client speaks on an endpoint, which fixes the shape of its errors. */
enum ClientDialect {
    /** {@code /v1}: {@code {"error":{"message","type","param","code"}}}, mid-stream {@code data: {"error":…}}. */
    OPENAI,
    /** {@code /anthropic/v1}: {@code {"type":"error","error":{…}}}, mid-stream {@code event: error}. */
    ANTHROPIC,
    /** Gemini-native ({@code /v1beta/models/…}): {@code {"error":{"code","message","status"}}}, also mid-stream. */
    GOOGLE;

    /** The dialect of a path the gateway may not serve: the family it belongs to. */
    static ClientDialect of(String path) {
        if (path.startsWith("/anthropic/")) {
            return ANTHROPIC;
        }
        return GeminiPaths.isGemini(path) ? GOOGLE : OPENAI;
    }

    byte[] errorBody(GatewayError error) {
        return switch (this) {
            case OPENAI -> error.openAiBody();
            case ANTHROPIC -> error.anthropicBody();
            case GOOGLE -> error.googleBody();
        };
    }

    byte[] streamErrorFrame(GatewayError error) {
        return switch (this) {
            case OPENAI -> error.openAiStreamFrame();
            case ANTHROPIC -> error.anthropicStreamFrame();
            case GOOGLE -> error.googleStreamFrame();
        };
    }
}
