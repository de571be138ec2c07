package io.gatehouse.fuzz;

import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a class of fuzz targets: tagged {@code fuzz} (what {@code -Pfuzz} runs) and run on the {@link FuzzBudget}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("fuzz")
@AddLifecycleHook(FuzzBudget.class)
public @interface Fuzzing {
}
