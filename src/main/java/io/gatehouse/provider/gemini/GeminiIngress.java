package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.CallPlan;
import io.gatehouse.provider.ChainedStream;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.UnexpectedAnswer;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.Usage;

import java.util.List;

/**
 * The Gemini-native ingress ({@code /v1beta/models/{model}:…}) as the provider adapters plan it: on a Gemini upstream
 * the client's body goes as it is ({@link #generate}, {@link #countTokens}); on any other, the request goes through
 * the OpenAI chat hub ({@link GeminiToOpenAiRequest}) and the answer comes back through {@link #viaChat}.
 */
public final class GeminiIngress {
    /** Token counts and Gemini's embeddings are not generation: metered as zero tokens. */
    public static final Usage NO_TOKENS = new Usage(0, 0, 0, 0, null, null);

    private GeminiIngress() {
    }

    /** A Gemini client's answer from an OpenAI-shaped chat plan: the chat answer and stream, translated back. */
    public static CallPlan viaChat(CallPlan chat, String clientModel) {
        return new CallPlan(chat.request(),
                body -> OpenAiToGeminiResponse.translate(chat.passThrough() ? body : chat.translate().apply(body), clientModel),
                chat.usage(), () -> new ChainedStream(chat.stream().get(), new OpenAiToGeminiStream(clientModel)),
                chat.errors());
    }

    /** {@code generateContent} (or {@code streamGenerateContent?alt=sse}) with the client's own body. */
    static UpstreamRequest generate(GeminiOptions options, String model, byte[] body, boolean stream) {
        return UpstreamRequest.post(stream ? options.modelPath(model, "streamGenerateContent") + "?alt=sse"
                        : options.modelPath(model, "generateContent"),
                List.of(Header.of("content-type", "application/json"),
                        Header.of("accept", stream ? "text/event-stream" : "application/json")), body);
    }

    /** {@code countTokens} of the client's body, its inner request's model (if any) renamed to the upstream's. */
    static UpstreamRequest countTokens(GeminiOptions options, String model, JsonNode request, byte[] body) {
        byte[] sent = body;
        if (request.path("generateContentRequest").isObject()) {
            ObjectNode copy = request.deepCopy();
            ((ObjectNode) copy.get("generateContentRequest")).put("model", "models/" + model);
            sent = ProviderJson.write(copy);
        }
        return post(options.modelPath(model, "countTokens"), sent);
    }

    /** {@code countTokens} of a whole request built by a translation (for another ingress's count). */
    static UpstreamRequest countTokens(GeminiOptions options, String model, ObjectNode generateContentRequest) {
        generateContentRequest.put("model", "models/" + model);
        ObjectNode body = ProviderJson.object();
        body.set("generateContentRequest", generateContentRequest);
        return post(options.modelPath(model, "countTokens"), ProviderJson.write(body));
    }

    static UpstreamRequest post(String path, byte[] body) {
        return UpstreamRequest.post(path, List.of(Header.of("content-type", "application/json")), body);
    }

    /** The request a {@code countTokens} body counts: its {@code generateContentRequest}, else the body itself. */
    public static JsonNode counted(JsonNode countRequest) {
        JsonNode inner = countRequest.path("generateContentRequest");
        return inner.isObject() ? inner : countRequest;
    }

    /** Gemini's count answer: {@code {"totalTokens":n}}. */
    public static byte[] totalTokens(long tokens) {
        return new JsonOut(32).raw("{\"totalTokens\":").number(tokens).raw("}").take();
    }

    /** The {@code totalTokens} of a Gemini count answer. */
    static long readTotalTokens(byte[] body) {
        JsonNode total = ProviderJson.readLenient(body).path("totalTokens");
        if (!total.canConvertToLong()) {
            throw new UnexpectedAnswer("The count answer has no totalTokens.");
        }
        return total.asLong();
    }
}
