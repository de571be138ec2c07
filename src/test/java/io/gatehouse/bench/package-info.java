/** Benchmarks and measurement commands, run by hand (see docs/performance.md); not part of the test suite. */
package io.gatehouse.bench;
