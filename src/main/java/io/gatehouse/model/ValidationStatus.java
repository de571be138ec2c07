package io.gatehouse.model;

/** What the last validation of a configuration found: none since its credentials changed, success, or failure. */
public enum ValidationStatus {
    UNVALIDATED, VALID, FAILED
}
