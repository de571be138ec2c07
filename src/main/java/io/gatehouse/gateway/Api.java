package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.ModelRouter;

/** The gateway endpoints behind a repo key, with the dialect their clients speak. */
enum Api {
    CHAT("POST", "/v1/chat/completions", ClientDialect.OPENAI, ModelRouter.Purpose.CHAT),
    EMBEDDINGS("POST", "/v1/embeddings", ClientDialect.OPENAI, ModelRouter.Purpose.EMBEDDINGS),
    /** Read in its chat completions form ({@link #readAs}): routing, policies and the provider call are chat's. */
    RESPONSES("POST", "/v1/responses", ClientDialect.OPENAI, ModelRouter.Purpose.CHAT),
    ANTHROPIC_MESSAGES("POST", "/anthropic/v1/messages", ClientDialect.ANTHROPIC, ModelRouter.Purpose.CHAT),
    MODELS("GET", "/v1/models", ClientDialect.OPENAI, ModelRouter.Purpose.ANY),
    /** {@code GET} and {@code DELETE} of a response the Responses API kept. */
    STORED_RESPONSE("GET/DELETE", "/v1/responses/{id}", ClientDialect.OPENAI, ModelRouter.Purpose.ANY);

    final String method;
    final String path;
    final ClientDialect dialect;
    final ModelRouter.Purpose purpose;

    Api(String method, String path, ClientDialect dialect, ModelRouter.Purpose purpose) {
        this.method = method;
        this.path = path;
        this.dialect = dialect;
        this.purpose = purpose;
    }

    /** Whether the endpoint calls a provider (and so is usage); the others answer from memory or the store. */
    boolean callsProvider() {
        return this != MODELS && this != STORED_RESPONSE;
    }

    /** The endpoint whose request shape the pipeline reads once {@link ReadRequest} ran. */
    Api readAs() {
        return this == RESPONSES ? CHAT : this;
    }
}
