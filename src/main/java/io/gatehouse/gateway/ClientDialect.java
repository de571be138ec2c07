package io.gatehouse.gateway;

import io.gatehouse.provider.GatewayError;

/** The wire format the client speaks on an endpoint, which fixes the shape of its errors. */
enum ClientDialect {
    /** {@code /v1}: {@code {"error":{"message","type","param","code"}}}, mid-stream {@code data: {"error":…}}. */
    OPENAI,
    /** {@code /anthropic/v1}: {@code {"type":"error","error":{…}}}, mid-stream {@code event: error}. */
    ANTHROPIC;

    /** The dialect of a path the gateway may not serve: the family it belongs to. */
    static ClientDialect of(String path) {
        return path.startsWith("/anthropic/") ? ANTHROPIC : OPENAI;
    }

    byte[] errorBody(GatewayError error) {
        return this == OPENAI ? error.openAiBody() : error.anthropicBody();
    }

    byte[] streamErrorFrame(GatewayError error) {
        return this == OPENAI ? error.openAiStreamFrame() : error.anthropicStreamFrame();
    }
}
