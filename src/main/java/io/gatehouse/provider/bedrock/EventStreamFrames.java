package io.gatehouse.provider.bedrock;

import io.gatehouse.provider.SseParser;
import io.gatehouse.provider.StreamFrames;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

import java.util.Map;

/**
 * The binary {@code application/vnd.amazon.eventstream} framing of ConverseStream, decoded by the AWS SDK's codec
 * (which checks each message's length prefix and CRCs; a bad one throws, and the translator ends the stream as
 * unreadable). Each message becomes one frame: an event as its {@code :event-type} ({@code contentBlockDelta} …), an
 * exception as {@link #EXCEPTION} followed by its {@code :exception-type} (or an error's {@code :error-code}); the
 * data is the JSON payload.
 */
final class EventStreamFrames implements StreamFrames {
    /** The prefix of the frame name of an exception message. */
    static final String EXCEPTION = "exception:";

    private SseParser.Listener listener;
    private final MessageDecoder decoder = new MessageDecoder(this::message);

    @Override
    public void feed(byte[] bytes, int offset, int length, SseParser.Listener listener) {
        this.listener = listener;
        decoder.feed(bytes, offset, length);
    }

    @Override
    public void finish(SseParser.Listener listener) {
        // A message cut short is no message: the translator sees the end without messageStop.
    }

    private void message(Message message) {
        Map<String, HeaderValue> headers = message.getHeaders();
        String messageType = text(headers, ":message-type", "event");
        String name = switch (messageType) {
            case "event" -> text(headers, ":event-type", "");
            case "exception" -> EXCEPTION + text(headers, ":exception-type", "");
            default -> EXCEPTION + text(headers, ":error-code", "InternalServerException");
        };
        byte[] payload = message.getPayload();
        // The translator skips empty frames; an event without payload still carries its name.
        listener.onFrame(name, payload.length == 0 ? new byte[] {'{', '}'} : payload, payload.length == 0 ? 2 : payload.length);
    }

    private static String text(Map<String, HeaderValue> headers, String name, String otherwise) {
        HeaderValue value = headers.get(name);
        return value == null ? otherwise : value.getString();
    }
}
