package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.ModelRouter;

/** The gateway endpoints behind a repo key, with the dialect their clients speak. */
enum Api {
    CHAT("POST", "/v1/chat/completions", ClientDialect.OPENAI, ModelRouter.Purpose.CHAT),
    EMBEDDINGS("POST", "/v1/embeddings", ClientDialect.OPENAI, ModelRouter.Purpose.EMBEDDINGS),
    ANTHROPIC_MESSAGES("POST", "/anthropic/v1/messages", ClientDialect.ANTHROPIC, ModelRouter.Purpose.CHAT),
    MODELS("GET", "/v1/models", ClientDialect.OPENAI, ModelRouter.Purpose.ANY);

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
}
