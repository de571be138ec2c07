package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.ModelRouter;

/** The gateway endpoints behind a repo key, with the dialect their clients speak. */
enum Api {
    CHAT("/v1/chat/completions", ClientDialect.OPENAI, ModelRouter.Purpose.CHAT),
    EMBEDDINGS("/v1/embeddings", ClientDialect.OPENAI, ModelRouter.Purpose.EMBEDDINGS),
    ANTHROPIC_MESSAGES("/anthropic/v1/messages", ClientDialect.ANTHROPIC, ModelRouter.Purpose.CHAT),
    MODELS("/v1/models", ClientDialect.OPENAI, ModelRouter.Purpose.ANY);

    final String path;
    final ClientDialect dialect;
    final ModelRouter.Purpose purpose;

    Api(String path, ClientDialect dialect, ModelRouter.Purpose purpose) {
        this.path = path;
        this.dialect = dialect;
        this.purpose = purpose;
    }
}
