package io.gatehouse.policy;

/**
 * What happens when a rule is violated ({@code policy.action_type}): 0 log, 1 alert (log + notify), 2 block
 * (refuse + alert), 3 redact (mask the offending spans, log). When several rules of a request are violated the
 * strongest wins: BLOCK &gt; REDACT &gt; ALERT &gt; LOG.
 */
public enum Action {
    LOG(0, 0), ALERT(1, 1), BLOCK(2, 3), REDACT(3, 2);

    public final int code;
    private final int strength;

    Action(int code, int strength) {
        this.code = code;
        this.strength = strength;
    }

    public static Action ofCode(int code) {
        for (Action a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown policy action " + code);
    }

    /** The stronger of two actions ({@code null} counts as none). */
    public static Action strongest(Action a, Action b) {
        if (a == null) {
            return b;
        }
        return b == null || a.strength >= b.strength ? a : b;
    }

    /** Whether the rule stops content (a failed judge fails closed for these unless the organization says otherwise). */
    public boolean stopsContent() {
        return this == BLOCK || this == REDACT;
    }

    /** Whether a violation also raises an alert (SPEC 5: block is "prevent + alert"). */
    public boolean alerts() {
        return this == ALERT || this == BLOCK;
    }
}
