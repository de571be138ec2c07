package io.gatehouse.fuzz;

import io.gatehouse.provider.MediaFetch;
import io.gatehouse.provider.RemoteMedia;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the gateway's fetch of linked images gave, for the translators that take image bytes (Gemini, Bedrock). */
public final class Fetches {
    private Fetches() {
    }

    /** Each of {@code media} fetched, answered with a non-image, or failed, as the base-3 digits of {@code pick} say. */
    public static Map<String, MediaFetch> outcomes(List<RemoteMedia> media, int pick) {
        Map<String, MediaFetch> fetched = new HashMap<>();
        int digits = pick;
        for (RemoteMedia m : media) {
            fetched.put(m.url(), switch (Math.floorMod(digits, 3)) {
                case 0 -> new MediaFetch.Fetched("image/png", new byte[] {1, 2, 3});
                case 1 -> new MediaFetch.Fetched("text/html", new byte[0]);
                default -> new MediaFetch.Failed("too large");
            });
            digits /= 3;
        }
        return fetched;
    }
}
