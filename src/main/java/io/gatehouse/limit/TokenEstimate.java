package io.gatehouse.limit;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.Locale;

/**
 * How many tokens a request's text will count before the provider says: OpenAI's {@code o200k_base} encoding (jtokkit)
 * for OpenAI-family models — the encoding of GPT-4o and every later OpenAI model; older ones count a few percent
 * differently, which the settlement corrects —, else one token per {@value #CHARS_PER_TOKEN} characters, rounded up —
 * an over-estimate for English with the common tokenizers, on purpose: the reservation is settled with the provider's
 * count anyway. One encoding only: each costs about 24 MiB of heap. Text beyond {@value #MAX_TOKENIZED_CHARS}
 * characters is counted by the character rule (tokenizing it would hold the event loop). Every request adds
 * {@value #REQUEST_OVERHEAD} tokens for the message framing providers count. {@link #inputBound} is an upper bound of
 * either rule that reads no text, for reservations whose exact size cannot change their outcome.
 */
public final class TokenEstimate {
    static final int CHARS_PER_TOKEN = 3;
    static final int MAX_TOKENIZED_CHARS = 100_000;
    static final int REQUEST_OVERHEAD = 16;
    /** Output reserved when the request sets no {@code max_tokens}/{@code max_completion_tokens}. */
    public static final long DEFAULT_OUTPUT_TOKENS = 1024;

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    /** The encoding, once {@link #load} has read it; until then a count would read its vocabulary from the jar. */
    private static volatile Encoding encoding;

    private TokenEstimate() {
    }

    /** The tokens {@code text} will count as input; {@code openAiFamily}: counted with OpenAI's encoding. */
    public static long input(String text, boolean openAiFamily) {
        if (!openAiFamily) {
            return byCharacters(text.length()) + REQUEST_OVERHEAD;
        }
        int tokenized = Math.min(text.length(), MAX_TOKENIZED_CHARS);
        return load().countTokensOrdinary(text.substring(0, tokenized)) + byCharacters(text.length() - tokenized)
                + REQUEST_OVERHEAD;
    }

    /**
     * An upper bound of {@link #input} for any text read from a JSON body of {@code bodyBytes} bytes, by either rule,
     * without reading the text: each token of the encoding is at least one UTF-8 byte of the text, the character rule
     * counts at most one token per character (a UTF-16 unit, at least one UTF-8 byte), and the text is made of the
     * body's string values and names — each at least as many bytes in the body, escaped and quoted, as it has in UTF-8
     * (base64 documents shrink when decoded), with two quotes for each boundary between them.
     */
    public static long inputBound(int bodyBytes) {
        return bodyBytes + REQUEST_OVERHEAD;
    }

    /**
     * Whether counting is quick now: the encoding's vocabulary is read from the jar on first use (about a second, and
     * 24 MiB of heap, so only on a node whose limits count tokens); the event loop must not wait for that.
     */
    public static boolean loaded() {
        return encoding != null;
    }

    /** The encoding, read into memory on the first call; blocking then, so first called on a worker thread. */
    public static Encoding load() {
        Encoding loaded = encoding;
        if (loaded == null) {
            loaded = REGISTRY.getEncoding(EncodingType.O200K_BASE);
            encoding = loaded;
        }
        return loaded;
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
