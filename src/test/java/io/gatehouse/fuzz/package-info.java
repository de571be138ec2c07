/**
 * Fuzzing support for the code that reads untrusted bytes: request readers, the SSE parser, the translators, the
 * chunk envelope, policy text extraction and the detectors. The targets themselves are Jazzer fuzz tests next to the
 * code they exercise (they reach package-private classes), each method marked {@link io.gatehouse.fuzz.FuzzTarget}.
 * Here: generators whose every choice comes from the fuzzer's data ({@link io.gatehouse.fuzz.Gen}), JSON in the shapes
 * clients and providers really send ({@link io.gatehouse.fuzz.Json}, {@link io.gatehouse.fuzz.RequestShapes},
 * {@link io.gatehouse.fuzz.UpstreamShapes}) with mutations and raw bytes, the checks shared by the targets
 * ({@link io.gatehouse.fuzz.Outputs}), and the launcher scripts/fuzz.sh runs each target with
 * ({@link io.gatehouse.fuzz.FuzzMain}). See docs/testing.md and decision 0007.
 */
package io.gatehouse.fuzz;
