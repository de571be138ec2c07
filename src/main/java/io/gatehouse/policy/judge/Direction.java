package io.gatehouse.policy.judge;

/** Which way the judged text travels: the prompt to the provider, or the provider's completion. */
public enum Direction {
    INPUT, OUTPUT
}
