package io.gatehouse.policy.detect;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The detectors Gatehouse knows, by kind. One instance serves every request; detectors are stateless. */
public final class Detectors {
    private final Map<String, Detector> byKind = new LinkedHashMap<>();

    public Detectors(List<Detector> detectors) {
        for (Detector detector : detectors) {
            if (byKind.putIfAbsent(detector.kind(), detector) != null) {
                throw new IllegalArgumentException("two detectors of kind " + detector.kind());
            }
        }
    }

    /** Every built-in detector. Register a new detector here. */
    public static Detectors standard() {
        return Holder.STANDARD;
    }

    public Detector get(String kind) {
        Detector detector = byKind.get(kind);
        if (detector == null) {
            throw new NoSuchElementException("no detector of kind " + kind);
        }
        return detector;
    }

    public Collection<Detector> all() {
        return byKind.values();
    }

    /** Built on first use: the phone detector loads libphonenumber's metadata. */
    private static final class Holder {
        static final Detectors STANDARD = new Detectors(List.of(
                new EmailDetector(),
                new PhoneDetector(),
                new CardDetector(),
                new IbanDetector(),
                new SsnDetector(),
                new IpAddressDetector(),
                new ApiKeyDetector(),
                new PrivateKeyDetector(),
                new JwtDetector()));
    }
}
