package io.gatehouse.policy.detect;

/**
 * Broad classes of data a policy may name without naming a detector ("no PII", "never share secrets").
 * Each detector says which it belongs to; {@link DetectorSelector} maps the broad words to them.
 */
public enum DetectorCategory {
    /** Data about a person: contact details, payment data, national ids. */
    PERSONAL,
    /** How to reach a person: e-mail, phone. */
    CONTACT,
    /** Payment and bank data. */
    FINANCIAL,
    /** Credentials a machine accepts: API keys, private keys, bearer tokens. */
    SECRET,
    /** Network identifiers. */
    NETWORK
}
