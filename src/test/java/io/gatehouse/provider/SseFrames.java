package io.gatehouse.provider;

import java.util.ArrayList;
import java.util.List;

/** A deliberately simple, whole-text SSE splitter for assertions (independent of {@link SseParser}). */
public final class SseFrames {
    public record Frame(String event, String data) {
    }

    private SseFrames() {
    }

    public static List<Frame> split(String text) {
        List<Frame> frames = new ArrayList<>();
        for (String block : text.replace("\r\n", "\n").split("\n\n")) {
            String event = null;
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            if (data != null) {
                frames.add(new Frame(event, data.toString()));
            }
        }
        return frames;
    }
}
