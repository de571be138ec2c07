/**
 * Policy detectors: fast, deterministic, in-process checks for what a policy names and code can see for certain
 * (e-mail addresses, phone numbers, payment cards, IBANs, US SSNs, IP addresses, API keys, private keys, JWTs).
 * No HTTP and no store here; the policy engine uses it as a library:
 * <ul>
 *   <li>{@link io.gatehouse.policy.detect.DetectorSelector} reads a rule's text and names its detectors, and says
 *       whether they decide the rule or the judge must look too;</li>
 *   <li>{@link io.gatehouse.policy.detect.PolicyScanner} runs the detectors of a policy set over a text once
 *       ({@link io.gatehouse.policy.detect.StreamScan} over a stream, chunk by chunk), findings per policy;</li>
 *   <li>{@link io.gatehouse.policy.detect.Redactor} masks findings with numbered placeholders.</li>
 * </ul>
 * Findings carry positions, a kind and a safe description, never the matched value. Adding a detector is one
 * class implementing {@link io.gatehouse.policy.detect.Detector} and one line in
 * {@link io.gatehouse.policy.detect.Detectors#standard()}.
 */
package io.gatehouse.policy.detect;
