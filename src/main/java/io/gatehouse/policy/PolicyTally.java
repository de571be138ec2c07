package io.gatehouse.policy;

/**
 * A request's policy counters for its usage record: violations, alerts, whether it was blocked, violations by
 * severity, and the judge's tokens. Confined to the request's event loop.
 */
public final class PolicyTally {
    private int violations;
    private int alerts;
    private boolean blocked;
    private int low;
    private int medium;
    private int high;
    private long judgeTokensIn;
    private long judgeTokensOut;

    public void add(Evaluation evaluation, boolean refused) {
        blocked |= refused;
        judgeTokensIn += evaluation.judgeTokensIn();
        judgeTokensOut += evaluation.judgeTokensOut();
        for (Violation v : evaluation.violations()) {
            violations++;
            if (v.effect().alerts()) {
                alerts++;
            }
            switch (v.policy().risk()) {
                case HIGH -> high++;
                case MEDIUM -> medium++;
                case LOW -> low++;
            }
        }
    }

    public int violations() {
        return violations;
    }

    public int alerts() {
        return alerts;
    }

    /** Blocked requests count once, however many rules blocked them. */
    public int blocks() {
        return blocked ? 1 : 0;
    }

    public int severityLow() {
        return low;
    }

    public int severityMedium() {
        return medium;
    }

    public int severityHigh() {
        return high;
    }

    public long judgeTokensIn() {
        return judgeTokensIn;
    }

    public long judgeTokensOut() {
        return judgeTokensOut;
    }
}
