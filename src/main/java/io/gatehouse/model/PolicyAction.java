package io.gatehouse.model;


/** What the gateway does when a policy is violated, written on the wire as the reference's {@code actionType} number. */
public enum PolicyAction {
    /** Record a violation. */
    LOG(0, 0),
    /** Record a violation and an alert, and notify the organization's webhooks. */
    ALERT(1, 1),
    /** Refuse the request (or end its stream), recording and alerting as ALERT does. */
    BLOCK(2, 3),
    /** Mask the offending spans before the provider sees them, and record the violation. */
    REDACT(3, 2);

    private final int code;
    /** When several rules of one request are violated the strongest wins: BLOCK > REDACT > ALERT > LOG. */
    private final int strength;

    PolicyAction(int code, int strength) {
        this.code = code;
        this.strength = strength;
    }

    /** The stronger of two actions ({@code null} counts as none). */
    public static PolicyAction strongest(PolicyAction a, PolicyAction b) {
        if (a == null) {
            return b;
        }
        return b == null || a.strength >= b.strength ? a : b;
    }

    /** Whether the rule stops content (a failed judge fails closed for these unless the organization says otherwise). */
    public boolean stopsContent() {
        return this == BLOCK || this == REDACT;
    }

    /** Whether a violation also raises an alert. */
    public boolean alerts() {
        return this == ALERT || this == BLOCK;
    }

    public int code() {
        return code;
    }

    public static PolicyAction fromCode(int code) {
        for (PolicyAction action : values()) {
            if (action.code == code) {
                return action;
            }
        }
        throw new IllegalArgumentException("No policy action " + code);
    }

    /** The {@code actionType} of a request; anything but 0–3 is a 400 naming the choices. */
    public static PolicyAction parse(Integer code, String field) {
        if (code == null) {
            throw InvalidValueException.malformed(field + " is required (0 log, 1 alert, 2 block, 3 redact)");
        }
        for (PolicyAction action : values()) {
            if (action.code == code) {
                return action;
            }
        }
        throw InvalidValueException.malformed(field + " must be 0 (log), 1 (alert), 2 (block) or 3 (redact)");
    }
}
