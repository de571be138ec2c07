package io.gatehouse.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a fuzz target: a Jazzer {@link FuzzTest} taking a {@code FuzzedDataProvider}, tagged {@code fuzz}. In the
 * normal build it replays its seed corpus ({@code src/test/resources/<package>/<Class>Inputs/<method>/}); with
 * {@code JAZZER_FUZZ=1} (scripts/fuzz.sh) it fuzzes, guided by coverage, for ten minutes.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@FuzzTest(maxDuration = "10m")
@Tag("fuzz")
public @interface FuzzTarget {
}
