package io.gatehouse.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gatehouse.crypto.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The common frame loop of the stream translators: cut the upstream body into frames incrementally (SSE, or the
 * provider's own {@link StreamFrames}), hand each frame to the format-specific state machine, collect its SSE output,
 * and turn an end without terminal event into an error frame.
 */
public abstract class SseStreamTranslator implements StreamTranslator {
    private final StreamFrames parser;
    private final SseParser.Listener onFrame = this::frame;
    protected final JsonOut out = new JsonOut(512);
    private StreamEnd end = StreamEnd.RUNNING;
    private GatewayError error;
    private Usage usage;
    private Secret credential;

    /** A translator of a server-sent-events upstream. */
    protected SseStreamTranslator() {
        this(new SseParser());
    }

    /** A translator of an upstream whose stream is framed by {@code frames}. */
    protected SseStreamTranslator(StreamFrames frames) {
        this.parser = frames;
    }

    @Override
    public final StreamTranslator scrubbing(Secret credential) {
        this.credential = credential;
        return this;
    }

    @Override
    public final byte[] feed(byte[] bytes, int offset, int length) {
        if (end == StreamEnd.RUNNING) {
            out.reserve(length + length / 8); // the output is about the size of the input
            try {
                parser.feed(bytes, offset, length, onFrame);
            } catch (RuntimeException unreadable) {
                // A binary framing that cannot be decoded (a bad checksum) ends the stream like an unreadable frame,
                // unless the stream had ended already (bytes after the end are ignored however they are read).
                if (end == StreamEnd.RUNNING) {
                    unreadableFrame();
                }
            }
        }
        return out.take();
    }

    @Override
    public final byte[] finish() {
        if (end == StreamEnd.RUNNING) {
            parser.finish(onFrame);
        }
        if (end == StreamEnd.RUNNING) {
            onUpstreamEnd();
        }
        return out.take();
    }

    @Override
    public Usage usage() {
        return usage;
    }

    /** Records the latest (cumulative) usage the upstream reported. */
    protected final void usage(Usage latest) {
        usage = latest;
    }

    @Override
    public final StreamEnd end() {
        return end;
    }

    @Override
    public final GatewayError error() {
        return error;
    }

    private void frame(String event, byte[] data, int length) {
        if (end != StreamEnd.RUNNING || length == 0) {
            return; // an empty data line is a keep-alive some servers send
        }
        try {
            onFrame(event, data, length);
        } catch (RuntimeException unreadable) {
            unreadableFrame();
        }
    }

    /** A frame we cannot read must not pass as a clean end: stop with an error, keep what was sent. */
    private void unreadableFrame() {
        fail(StreamEnd.TRUNCATED, GatewayError.of(ErrorKind.UPSTREAM_DISCONNECTED,
                "The upstream sent a stream frame that could not be read."));
    }

    /**
     * Handles one SSE frame, {@code data[0, length)}, valid only during the call; writes client bytes to {@link #out}.
     */
    protected abstract void onFrame(String event, byte[] data, int length);

    /**
     * The upstream ended while the translation was still running. The default treats it as a cut stream; formats
     * without a terminal event (Gemini) override it to complete normally.
     */
    protected void onUpstreamEnd() {
        fail(StreamEnd.TRUNCATED, GatewayError.of(ErrorKind.UPSTREAM_DISCONNECTED,
                "The upstream connection ended before the response was complete."));
    }

    /** Ends the stream in error: writes the error frame in the client's format and stops. */
    protected final void fail(StreamEnd how, GatewayError cause) {
        GatewayError scrubbed = cause.scrubbed(credential);
        writeErrorFrame(scrubbed);
        stop(how, scrubbed);
    }

    /** Ends the stream in error when the client already got the upstream's own error frame ({@link #writeUpstreamError}). */
    protected final void stop(StreamEnd how, GatewayError cause) {
        error = cause.scrubbed(credential);
        end = how;
    }

    /**
     * Passes an upstream error frame's JSON ({@code data[0, length)}) on to the client as it came, except that every
     * string in it is scrubbed of the credential; text that is not JSON is scrubbed as text. A payload of several
     * lines stays one event ({@code data: } before each line).
     */
    protected final void writeUpstreamError(byte[] data, int length) {
        if (credential == null) {
            out.dataLines(data, 0, length);
            return;
        }
        JsonNode json;
        try {
            json = ProviderJson.MAPPER.readTree(data, 0, length);
        } catch (IOException notJson) {
            json = null;
        }
        if (json == null) {
            byte[] text = credential.scrub(new String(data, 0, length, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            out.dataLines(text, 0, text.length);
            return;
        }
        String before = json.toString();
        JsonNode scrubbed = scrubStrings(json);
        if (scrubbed.toString().equals(before)) {
            out.dataLines(data, 0, length); // nothing to hide: the frame's own bytes
        } else {
            out.raw(ProviderJson.write(scrubbed));
        }
    }

    /** {@code node} with every string in it scrubbed (containers are changed in place). */
    private JsonNode scrubStrings(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(credential.scrub(node.textValue()));
        }
        if (node instanceof ObjectNode object) {
            object.properties().forEach(member -> member.setValue(scrubStrings(member.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, scrubStrings(array.get(i)));
            }
        }
        return node;
    }

    protected final void complete() {
        end = StreamEnd.COMPLETED;
    }

    /** Writes the error frame in the client's format (OpenAI unless overridden). */
    protected void writeErrorFrame(GatewayError cause) {
        out.raw(cause.openAiStreamFrame());
    }
}
