package io.gatehouse.policy.detect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The findings of one scan (or one step of a stream), in order of position, and which policies they concern. */
public final class ScanResult<P> {
    private final List<Finding> findings;
    private final Map<P, Set<String>> kindsByPolicy;
    private final Map<P, List<Finding>> byPolicy;

    ScanResult(List<Finding> findings, Map<P, Set<String>> kindsByPolicy) {
        this.findings = Collections.unmodifiableList(findings);
        this.kindsByPolicy = kindsByPolicy;
        Map<P, List<Finding>> map = new LinkedHashMap<>();
        if (!findings.isEmpty()) {
            kindsByPolicy.forEach((policy, kinds) -> {
                List<Finding> own = new ArrayList<>();
                for (Finding finding : findings) {
                    if (kinds.contains(finding.kind())) {
                        own.add(finding);
                    }
                }
                if (!own.isEmpty()) {
                    map.put(policy, Collections.unmodifiableList(own));
                }
            });
        }
        this.byPolicy = Collections.unmodifiableMap(map);
    }

    /** Every finding, each once even when several policies share its detector. */
    public List<Finding> findings() {
        return findings;
    }

    /** The findings of the kinds {@code policy} asked for; empty if none. */
    public List<Finding> findingsFor(P policy) {
        return byPolicy.getOrDefault(policy, List.of());
    }

    /** The policies with at least one finding, and their findings. */
    public Map<P, List<Finding>> byPolicy() {
        return byPolicy;
    }

    public boolean isEmpty() {
        return findings.isEmpty();
    }

    /**
     * The findings within {@code [start, end)} of the scanned text, with offsets relative to {@code start}: one
     * segment's share of a scan of several segments joined. A finding crossing the slice's edges is cut to them.
     */
    public ScanResult<P> slice(int start, int end) {
        List<Finding> inside = new ArrayList<>();
        for (Finding finding : findings) {
            int s = Math.max(finding.start(), start);
            int e = Math.min(finding.end(), end);
            if (s < e) {
                inside.add(new Finding(s - start, e - start, finding.kind(), finding.description()));
            }
        }
        return new ScanResult<>(inside, kindsByPolicy);
    }
}
