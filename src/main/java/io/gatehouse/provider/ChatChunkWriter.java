package io.gatehouse.provider;

/**
 * Writes OpenAI {@code chat.completion.chunk} SSE frames for one stream (MAPPING §4.1): the same {@code id},
 * {@code created} and {@code model} on every chunk, {@code "usage":null} on each chunk only when the client asked
 * for usage, the usage chunk with empty {@code choices} just before {@code [DONE]}.
 */
public final class ChatChunkWriter {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final byte[] prefix;
    private final boolean includeUsage;

    public ChatChunkWriter(String id, long created, String model, boolean includeUsage) {
        this.prefix = new JsonOut(96).raw("data: {\"id\":").string(id)
                .raw(",\"object\":\"chat.completion.chunk\",\"created\":").number(created)
                .raw(",\"model\":").string(model)
                .raw(",\"choices\":[").take();
        this.includeUsage = includeUsage;
    }

    /** The first chunk of a choice: {@code delta: {"role":"assistant","content":""}}. */
    public void role(JsonOut out, int choice) {
        open(out, choice).raw("{\"role\":\"assistant\",\"content\":\"\"}");
        close(out, null);
    }

    public void content(JsonOut out, int choice, String text) {
        open(out, choice).raw("{\"content\":").string(text).raw("}");
        close(out, null);
    }

    /**
     * The one chunk that carries a tool call's {@code id}, {@code type} and {@code name}; {@code thoughtSignature}
     * (Gemini) travels as {@code extra_content.google.thought_signature} when present.
     */
    public void toolCallStart(JsonOut out, int choice, int index, String id, String name, String arguments,
                              String thoughtSignature) {
        open(out, choice).raw("{\"tool_calls\":[{\"index\":").number(index)
                .raw(",\"id\":").string(id)
                .raw(",\"type\":\"function\",\"function\":{\"name\":").string(name)
                .raw(",\"arguments\":").string(arguments).raw("}");
        if (thoughtSignature != null) {
            out.raw(",\"extra_content\":{\"google\":{\"thought_signature\":").string(thoughtSignature).raw("}}");
        }
        out.raw("}]}");
        close(out, null);
    }

    public void toolCallArguments(JsonOut out, int choice, int index, String fragment) {
        open(out, choice).raw("{\"tool_calls\":[{\"index\":").number(index)
                .raw(",\"function\":{\"arguments\":").string(fragment).raw("}}]}");
        close(out, null);
    }

    public void finish(JsonOut out, int choice, String finishReason) {
        open(out, choice).raw("{}");
        close(out, finishReason);
    }

    /** The usage chunk, written only when the client asked for usage. */
    public void usage(JsonOut out, Usage usage) {
        if (includeUsage && usage != null) {
            out.raw(prefix).raw("],\"usage\":");
            usage.writeOpenAi(out);
            out.raw("}\n\n");
        }
    }

    public void done(JsonOut out) {
        out.raw(DONE);
    }

    private JsonOut open(JsonOut out, int choice) {
        return out.raw(prefix).raw("{\"index\":").number(choice).raw(",\"delta\":");
    }

    private void close(JsonOut out, String finishReason) {
        out.raw(",\"finish_reason\":").string(finishReason).raw("}]");
        out.raw(includeUsage ? ",\"usage\":null}\n\n" : "}\n\n");
    }
}
