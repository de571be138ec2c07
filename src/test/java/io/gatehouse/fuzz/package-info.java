/**
 * Fuzzing support for the code that reads untrusted bytes: request readers, the SSE parser, the translators, the
 * chunk envelope, policy text extraction and the detectors. The targets themselves are jqwik properties next to the
 * code they exercise (they reach package-private classes), each class marked {@link io.gatehouse.fuzz.Fuzzing}.
 * Here: the budget ({@link io.gatehouse.fuzz.FuzzBudget}: a short seeded run in the normal build, a timed random run
 * under {@code -Pfuzz}), generators of JSON in the shapes clients and providers really send
 * ({@link io.gatehouse.fuzz.Json}, {@link io.gatehouse.fuzz.RequestShapes}, {@link io.gatehouse.fuzz.UpstreamShapes})
 * with random mutations and raw bytes, and the checks shared by the targets ({@link io.gatehouse.fuzz.Outputs}).
 * See docs/testing.md.
 */
package io.gatehouse.fuzz;
