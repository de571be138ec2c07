package io.gatehouse.store;

import io.gatehouse.crypto.SealedColumn;
import io.gatehouse.crypto.ServerSecrets;

import java.util.List;

/**
 * Every column that holds a {@link io.gatehouse.crypto.SecretBox} ciphertext, with the context each value is bound
 * to. The code that seals a value and the code that opens it (the Platform API and the data plane) name the same
 * constant here; start-up verification and key rotation walk {@link #ALL}.
 */
public final class SealedColumns {
    /** A configuration's provider secret, sealed to {@code aillm/<id>}. */
    public static final SealedColumn AI_LLM_SECRET = new SealedColumn("ai_llm", "id", "secret_sealed", "org_id", "aillm/", "");
    /** A configuration's optional provider key id, sealed to {@code aillm/<id>/key}. */
    public static final SealedColumn AI_LLM_KEY = new SealedColumn("ai_llm", "id", "key_sealed", "org_id", "aillm/", "/key");
    /** A configuration's optional AWS session token, sealed to {@code aillm/<id>/session-token}. */
    public static final SealedColumn AI_LLM_SESSION_TOKEN = new SealedColumn("ai_llm", "id", "session_token_sealed", "org_id", "aillm/", "/session-token");
    /** An alert webhook's signing secret, sealed to {@code webhook/<id>}. */
    public static final SealedColumn WEBHOOK_SECRET = new SealedColumn("alert_webhook", "id", "secret_sealed", "org_id", "webhook/", "");
    /** A stored Responses API answer, sealed to {@code response/<id>}. */
    public static final SealedColumn RESPONSE = new SealedColumn("stored_response", "id", "response_sealed", "org_id", "response/", "");
    /** The conversation a stored response continues, sealed to {@code response/<id>/conversation}. */
    public static final SealedColumn RESPONSE_CONVERSATION = new SealedColumn("stored_response", "id", "conversation_sealed", "org_id", "response/", "/conversation");
    /** The secret of the key a private-chat conversation prompts with, sealed to {@code conversation/<id>}. */
    public static final SealedColumn CONVERSATION_KEY = new SealedColumn("conversation", "id", "key_sealed", "org_id", "conversation/", "");
    /** A private-chat message (a prompt or an answer), sealed to {@code conversation-message/<id>}. */
    public static final SealedColumn CONVERSATION_MESSAGE = new SealedColumn("conversation_message", "id", "content_sealed", "org_id", "conversation-message/", "");
    /** A shared provider credential's secret, sealed to {@code providerkey/<id>}. */
    public static final SealedColumn PROVIDER_KEY_SECRET = new SealedColumn("provider_api_key", "id", "secret_sealed", "org_id", "providerkey/", "");
    /** A shared provider credential's optional key id, sealed to {@code providerkey/<id>/key}. */
    public static final SealedColumn PROVIDER_KEY_KEY = new SealedColumn("provider_api_key", "id", "key_sealed", "org_id", "providerkey/", "/key");
    /** Every sealed column, the server's own first: start-up opens them and key rotation re-wraps them in this order. */
    public static final List<SealedColumn> ALL = List.of(ServerSecrets.COLUMN, AI_LLM_SECRET, AI_LLM_KEY,
            AI_LLM_SESSION_TOKEN, WEBHOOK_SECRET, RESPONSE, RESPONSE_CONVERSATION, CONVERSATION_KEY, CONVERSATION_MESSAGE,
            PROVIDER_KEY_SECRET, PROVIDER_KEY_KEY);

    private SealedColumns() {
    }
}
