package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.ModelRouter;
import io.gatehouse.provider.Ingress;

/**
 * The gateway endpoints behind a repo key, with the dialect their clients speak and the ingress a provider plans them
 * as ({@code null}: a model listing, answered from memory). Gemini's paths name the model: {@link #path} shows it as
 * {@code {model}}, under {@code /v1beta} and {@code /v1} alike.
 */
enum Api {
    CHAT("POST", "/v1/chat/completions", ClientDialect.OPENAI, ModelRouter.Purpose.CHAT, Ingress.CHAT),
    EMBEDDINGS("POST", "/v1/embeddings", ClientDialect.OPENAI, ModelRouter.Purpose.EMBEDDINGS, Ingress.EMBEDDINGS),
    /** Read in its chat completions form ({@link #readAs}): routing, policies and the provider call are chat's. */
    RESPONSES("POST", "/v1/responses", ClientDialect.OPENAI, ModelRouter.Purpose.CHAT, Ingress.CHAT),
    ANTHROPIC_MESSAGES("POST", "/anthropic/v1/messages", ClientDialect.ANTHROPIC, ModelRouter.Purpose.CHAT,
            Ingress.ANTHROPIC_MESSAGES),
    ANTHROPIC_COUNT_TOKENS("POST", "/anthropic/v1/messages/count_tokens", ClientDialect.ANTHROPIC,
            ModelRouter.Purpose.CHAT, Ingress.ANTHROPIC_COUNT_TOKENS),
    GEMINI_GENERATE("POST", "/v1beta/models/{model}:generateContent", ClientDialect.GOOGLE, ModelRouter.Purpose.CHAT,
            Ingress.GEMINI_GENERATE),
    GEMINI_STREAM("POST", "/v1beta/models/{model}:streamGenerateContent", ClientDialect.GOOGLE,
            ModelRouter.Purpose.CHAT, Ingress.GEMINI_GENERATE),
    GEMINI_COUNT_TOKENS("POST", "/v1beta/models/{model}:countTokens", ClientDialect.GOOGLE, ModelRouter.Purpose.CHAT,
            Ingress.GEMINI_COUNT_TOKENS),
    GEMINI_EMBED("POST", "/v1beta/models/{model}:embedContent", ClientDialect.GOOGLE, ModelRouter.Purpose.EMBEDDINGS,
            Ingress.GEMINI_EMBED),
    GEMINI_BATCH_EMBED("POST", "/v1beta/models/{model}:batchEmbedContents", ClientDialect.GOOGLE,
            ModelRouter.Purpose.EMBEDDINGS, Ingress.GEMINI_EMBED),
    MODELS("GET", "/v1/models", ClientDialect.OPENAI, ModelRouter.Purpose.ANY, null),
    ANTHROPIC_MODELS("GET", "/anthropic/v1/models", ClientDialect.ANTHROPIC, ModelRouter.Purpose.ANY, null),
    GEMINI_MODELS("GET", "/v1beta/models", ClientDialect.GOOGLE, ModelRouter.Purpose.ANY, null),
    /** {@code GET} and {@code DELETE} of a response the Responses API kept. */
    STORED_RESPONSE("GET/DELETE", "/v1/responses/{id}", ClientDialect.OPENAI, ModelRouter.Purpose.ANY, null);

    final String method;
    final String path;
    final ClientDialect dialect;
    final ModelRouter.Purpose purpose;
    final Ingress ingress;

    Api(String method, String path, ClientDialect dialect, ModelRouter.Purpose purpose, Ingress ingress) {
        this.method = method;
        this.path = path;
        this.dialect = dialect;
        this.purpose = purpose;
        this.ingress = ingress;
    }

    /** Whether the endpoint calls a provider (and so is usage); the others (model lists, stored responses) answer from memory or the store. */
    boolean callsProvider() {
        return ingress != null;
    }

    /** The endpoint whose request shape the pipeline reads once {@link ReadRequest} ran. */
    Api readAs() {
        return this == RESPONSES ? CHAT : this;
    }
}
