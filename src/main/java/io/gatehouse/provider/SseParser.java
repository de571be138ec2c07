package io.gatehouse.provider;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental, byte-level {@code text/event-stream} parser. Bytes may arrive split anywhere — inside a line,
 * between {@code \r} and {@code \n}, inside a multi-byte UTF-8 character — and the frames that come out are the
 * same as for the whole body at once. Handles {@code \n}, {@code \r\n} and {@code \r} line ends, multi-line
 * {@code data:} (joined with {@code \n}), {@code event:} names, comment lines ({@code :…}) and a leading BOM.
 * A blank line ends a frame; a frame without data is not delivered. {@code id:} and {@code retry:} are ignored.
 */
public final class SseParser implements StreamFrames {

    /**
     * Receives each complete frame: its data is {@code data[0, length)}, in the parser's own buffer, valid only during
     * the call (copy what must outlive it). {@code event} is {@code null} when the frame had no {@code event:} line.
     */
    @FunctionalInterface
    public interface Listener {
        void onFrame(String event, byte[] data, int length);
    }

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCarriageReturn;
    private boolean atStart = true;
    private String event;
    private byte[] data = new byte[256];
    private int dataLength = -1;

    @Override
    public void feed(byte[] bytes, int offset, int length, Listener listener) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            byte b = bytes[i];
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (b == '\n') {
                    i++;
                    continue;
                }
            }
            if (b == '\r' || b == '\n') {
                afterCarriageReturn = b == '\r';
                endOfLine(listener);
                i++;
                continue;
            }
            int stop = i + 1;
            while (stop < end && bytes[stop] != '\n' && bytes[stop] != '\r') {
                stop++;
            }
            appendToLine(bytes, i, stop - i);
            i = stop;
        }
    }

    /**
     * The stream ended. A last frame that lacks its closing blank line is still delivered (some servers end the
     * body right after the final {@code data:} line); whether its JSON is whole is for the translator to judge.
     */
    @Override
    public void finish(Listener listener) {
        if (lineLength > 0) {
            endOfLine(listener);
        }
        dispatch(listener);
    }

    private void endOfLine(Listener listener) {
        if (atStart) {
            atStart = false;
            stripByteOrderMark();
        }
        if (lineLength == 0) {
            dispatch(listener);
            return;
        }
        if (line[0] != ':') {
            field();
        }
        lineLength = 0;
    }

    private void field() {
        int colon = 0;
        while (colon < lineLength && line[colon] != ':') {
            colon++;
        }
        int valueStart = Math.min(colon + 1, lineLength);
        if (valueStart < lineLength && line[valueStart] == ' ') {
            valueStart++;
        }
        if (nameIs(DATA, colon)) {
            if (dataLength < 0) {
                dataLength = 0;
            } else {
                appendToData(NEWLINE, 0, 1);
            }
            appendToData(line, valueStart, lineLength - valueStart);
        } else if (nameIs(EVENT, colon)) {
            event = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
        }
    }

    private void stripByteOrderMark() {
        if (lineLength >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
            System.arraycopy(line, 3, line, 0, lineLength - 3);
            lineLength -= 3;
        }
    }

    private boolean nameIs(byte[] name, int length) {
        return length == name.length && Arrays.equals(line, 0, length, name, 0, length);
    }

    private void dispatch(Listener listener) {
        if (dataLength >= 0) {
            int length = dataLength;
            String name = event;
            event = null;
            dataLength = -1;
            listener.onFrame(name, data, length);
        } else {
            event = null;
        }
    }

    private void appendToLine(byte[] bytes, int offset, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength += length;
    }

    private void appendToData(byte[] bytes, int offset, int length) {
        if (dataLength + length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + length));
        }
        System.arraycopy(bytes, offset, data, dataLength, length);
        dataLength += length;
    }
}
