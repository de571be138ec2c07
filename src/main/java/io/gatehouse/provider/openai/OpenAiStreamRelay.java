package io.gatehouse.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gatehouse.provider.JsonSplice;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.Usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Relays an OpenAI-type upstream stream to an OpenAI client chunk by chunk. Gatehouse always asks the upstream for
 * usage; when the client did not, the extra {@code choices: []} usage chunk is dropped and {@code usage} keys are
 * cut out of the other chunks (byte splices, the rest of each chunk untouched), while the usage is kept for metering
 * (MAPPING §4.7). Upstream error frames pass through and end the stream; an upstream that closes without
 * {@code [DONE]} after every choice finished gets its {@code [DONE]}, one that closes earlier gets an error frame.
 */
public final class OpenAiStreamRelay extends SseStreamTranslator {
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final boolean clientWantsUsage;
    private Usage usage;
    private boolean sawFinish;

    public OpenAiStreamRelay(boolean clientWantsUsage) {
        this.clientWantsUsage = clientWantsUsage;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    protected void onFrame(String event, byte[] data) {
        if (Arrays.equals(data, DONE)) {
            out.raw("data: [DONE]\n\n");
            complete();
            return;
        }
        Chunk chunk = Chunk.read(data);
        if (chunk.error) {
            out.raw("data: ").raw(data).raw("\n\n");
            stop(StreamEnd.UPSTREAM_ERROR, OpenAiErrors.mapStreamError(data));
            return;
        }
        if (chunk.usage != null) {
            usage = chunk.usage;
        }
        sawFinish |= chunk.finished;
        if (clientWantsUsage || chunk.usageNameStart < 0) {
            out.raw("data: ").raw(data).raw("\n\n");
        } else if (!chunk.emptyChoices) {
            byte[] withoutUsage = new JsonSplice(data).removeMember(chunk.usageNameStart, chunk.usageValueEnd).apply();
            out.raw("data: ").raw(withoutUsage).raw("\n\n");
        }
        // else: the usage-only chunk the client did not ask for — metered, not forwarded.
    }

    @Override
    protected void onUpstreamEnd() {
        if (sawFinish) {
            out.raw("data: [DONE]\n\n");
            complete();
        } else {
            super.onUpstreamEnd();
        }
    }

    /** What the relay needs from one chunk, read without building a tree. */
    private static final class Chunk {
        boolean error;
        boolean emptyChoices;
        boolean finished;
        Usage usage;
        int usageNameStart = -1;
        int usageValueEnd = -1;

        static Chunk read(byte[] data) {
            Chunk chunk = new Chunk();
            try (JsonParser parser = ProviderJson.parser(data)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalStateException("chunk is not an object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    int nameStart = (int) parser.currentTokenLocation().getByteOffset();
                    JsonToken value = parser.nextToken();
                    switch (name) {
                        case "error" -> {
                            chunk.error = value == JsonToken.START_OBJECT;
                            parser.skipChildren();
                        }
                        case "choices" -> chunk.readChoices(parser, value);
                        case "usage" -> {
                            chunk.usageNameStart = nameStart;
                            if (value == JsonToken.START_OBJECT) {
                                chunk.usage = OpenAiUsage.read(parser);
                            } else {
                                parser.skipChildren();
                            }
                            chunk.usageValueEnd = (int) parser.currentLocation().getByteOffset();
                        }
                        default -> parser.skipChildren();
                    }
                }
                return chunk;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void readChoices(JsonParser parser, JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                parser.skipChildren();
                return;
            }
            JsonToken element = parser.nextToken();
            emptyChoices = element == JsonToken.END_ARRAY;
            while (element == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken member = parser.nextToken();
                    if (name.equals("finish_reason") && member == JsonToken.VALUE_STRING) {
                        finished = true;
                    }
                    parser.skipChildren();
                }
                element = parser.nextToken();
            }
            if (element != JsonToken.END_ARRAY) {
                parser.skipChildren();
            }
        }
    }
}
