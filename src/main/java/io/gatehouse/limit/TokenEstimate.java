package io.gatehouse.limit;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.Locale;

/**
 * How many tokens a request's text will count before the provider says: OpenAI's own tokenizer (jtokkit) for
 * OpenAI-family models, else one token per {@value #CHARS_PER_TOKEN} characters, rounded up — an over-estimate for
 * English with the common tokenizers, on purpose: the reservation is settled with the provider's count anyway. Text
 * beyond {@value #MAX_TOKENIZED_CHARS} characters is counted by the character rule (tokenizing it would hold the event
 * loop). Every request adds {@value #REQUEST_OVERHEAD} tokens for the message framing providers count.
 */
public final class TokenEstimate {
    static final int CHARS_PER_TOKEN = 3;
    static final int MAX_TOKENIZED_CHARS = 100_000;
    static final int REQUEST_OVERHEAD = 16;
    /** Output reserved when the request sets no {@code max_tokens}/{@code max_completion_tokens}. */
    public static final long DEFAULT_OUTPUT_TOKENS = 1024;

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    /** Whether every encoding is in memory ({@link #load}); until then a count may read a vocabulary from the jar. */
    private static volatile boolean loaded;

    private TokenEstimate() {
    }

    /** The tokens {@code text} will count as input to {@code model}; {@code openAiFamily}: counted with tiktoken's encodings. */
    public static long input(String text, String model, boolean openAiFamily) {
        if (!openAiFamily) {
            return byCharacters(text.length()) + REQUEST_OVERHEAD;
        }
        Encoding encoding = REGISTRY.getEncodingForModel(model)
                .orElseGet(() -> REGISTRY.getEncoding(EncodingType.O200K_BASE));
        int tokenized = Math.min(text.length(), MAX_TOKENIZED_CHARS);
        return encoding.countTokensOrdinary(text.substring(0, tokenized)) + byCharacters(text.length() - tokenized)
                + REQUEST_OVERHEAD;
    }

    /**
     * Whether counting is quick now: the encodings' vocabularies are read from the jar on first use (about a second,
     * and tens of megabytes, so only on a node whose limits count tokens); the event loop must not wait for that.
     */
    public static boolean loaded() {
        return loaded;
    }

    /** Reads every encoding's vocabulary into memory; blocking, so for a worker thread. */
    public static void load() {
        for (EncodingType type : EncodingType.values()) {
            REGISTRY.getEncoding(type);
        }
        loaded = true;
    }

    /** Whether a model name is OpenAI's (served by OpenAI or Azure, or by a compatible server under its name). */
    public static boolean openAiModel(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        return name.startsWith("gpt-") || name.startsWith("chatgpt") || name.startsWith("text-embedding")
                || name.length() > 1 && name.charAt(0) == 'o' && Character.isDigit(name.charAt(1));
    }

    private static long byCharacters(int chars) {
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
