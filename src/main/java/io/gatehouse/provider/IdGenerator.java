package io.gatehouse.provider;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Mints the ids Gatehouse has to invent (tool calls Gemini did not number, completion ids when the upstream gave
 * none). Injected so tests can produce byte-comparable output; ids are unique per call, not per response
 * (MAPPING §2.6: ids restarting at {@code call_0} made later results attach to earlier calls).
 */
@FunctionalInterface
public interface IdGenerator {

    /** A fresh id: {@code prefix} followed by random characters safe for every provider's id pattern. */
    String next(String prefix);

    /** {@code prefix} + 16 random hex digits, e.g. {@code call_7f3a1c9e0b2d4e6f}. */
    static IdGenerator random() {
        SecureRandom random = new SecureRandom();
        HexFormat hex = HexFormat.of();
        return prefix -> {
            byte[] bytes = new byte[8];
            random.nextBytes(bytes);
            return prefix + hex.formatHex(bytes);
        };
    }
}
