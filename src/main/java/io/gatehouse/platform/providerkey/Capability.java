package io.gatehouse.platform.providerkey;

import io.gatehouse.model.AiType;
import io.gatehouse.platform.ApiException;

import java.util.Arrays;
import java.util.List;

/**
 * The vendor's capability bitmask ({@code ProviderCapability}: Storage 0x1, AI 0x2, Cloud 0x4, All 0xff) for the
 * providers Gatehouse connects. Gatehouse itself only uses keys for AI; the other bits say what the provider's
 * account can do elsewhere, so a client filtering by them sees the same keys as on the vendor's platform.
 */
final class Capability {
    static final int STORAGE = 0x1;
    static final int AI = 0x2;
    static final int CLOUD = 0x4;
    static final int ALL = 0xff;

    private Capability() {
    }

    static int of(AiType provider) {
        return switch (provider) {
            case OPENAI, ANTHROPIC -> AI;
            case GOOGLE, AWS -> STORAGE | AI | CLOUD;
            case OTHER -> ALL;
        };
    }

    /** The providers supporting any bit of {@code mask} (the {@code capability} filter of {@code GET /apikeys}). */
    static List<AiType> providersWith(int mask) {
        return Arrays.stream(AiType.values()).filter(p -> (of(p) & mask) != 0).toList();
    }

    static int parse(String raw) {
        try {
            int mask = Integer.parseInt(raw.trim());
            if (mask >= 1 && mask <= ALL) {
                return mask;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("capability must be a bitmask from 1 to 255 (Storage 1, AI 2, Cloud 4, All 255)");
    }
}
