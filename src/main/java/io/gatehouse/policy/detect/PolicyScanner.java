package io.gatehouse.policy.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the detectors of a set of policies over a text, each detector once however many policies name it, and
 * sorts the findings out per policy. Build one per policy set (it is immutable and thread-safe) and call
 * {@link #scan} per text, or {@link #stream} per streamed response.
 *
 * @param <P> how the caller identifies a policy (its id, or the policy object)
 */
public final class PolicyScanner<P> {
    private static final Comparator<Finding> BY_POSITION =
            Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end).thenComparing(Finding::kind);

    private final Map<P, Set<String>> kindsByPolicy;
    private final Detector[] detectors;

    public PolicyScanner(Detectors registry, Map<P, ? extends Collection<String>> kindsByPolicy) {
        Map<P, Set<String>> kinds = new LinkedHashMap<>();
        Set<Detector> used = new LinkedHashSet<>();
        kindsByPolicy.forEach((policy, policyKinds) -> {
            kinds.put(policy, Set.copyOf(policyKinds));
            policyKinds.forEach(kind -> used.add(registry.get(kind)));
        });
        this.kindsByPolicy = kinds;
        this.detectors = used.toArray(Detector[]::new);
    }

    /** A scanner over the standard detectors. */
    public static <P> PolicyScanner<P> of(Map<P, ? extends Collection<String>> kindsByPolicy) {
        return new PolicyScanner<>(Detectors.standard(), kindsByPolicy);
    }

    /** Whether no policy asks for any detector (then scanning can be skipped). */
    public boolean isEmpty() {
        return detectors.length == 0;
    }

    /**
     * Every finding in {@code text}, by position, with offsets into {@code text}. The detectors read the text as
     * {@link TextNormalizer} presents it (NFKC, invisible characters dropped, simple encodings decoded); findings are
     * mapped back to the characters of {@code text} they came from.
     */
    public ScanResult<P> scan(CharSequence text) {
        if (detectors.length == 0) {
            return result(new ArrayList<>());
        }
        MappedText view = TextNormalizer.normalize(text.toString());
        ScanText flat = ScanText.of(view.text());
        List<Finding> findings = new ArrayList<>();
        for (Detector detector : detectors) {
            detector.scan(flat, findings);
        }
        return result(view.toOriginal(findings));
    }

    /** A scan of text arriving in chunks; see {@link StreamScan}. */
    public StreamScan<P> stream() {
        return new StreamScan<>(this);
    }

    Detector[] detectors() {
        return detectors;
    }

    ScanResult<P> result(List<Finding> findings) {
        findings.sort(BY_POSITION);
        return new ScanResult<>(findings, kindsByPolicy);
    }
}
