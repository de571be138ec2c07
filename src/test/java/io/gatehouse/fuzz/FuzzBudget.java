package io.gatehouse.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

import java.util.List;

/**
 * How long each fuzz target runs. System property {@code gatehouse.fuzz.seconds} (set by the build): {@code 0}, the
 * default, is the short run of the normal build — a fixed seed and {@code gatehouse.fuzz.tries} tries (200 unless
 * set), the same inputs every time; more than {@code 0} runs each target on a fresh random seed for that many
 * seconds (jqwik prints the seed of a failure, so it can be replayed with {@code @Property(seed = …)}).
 */
public final class FuzzBudget implements AroundPropertyHook, AroundTryHook {
    /** The seed of the short run; any fixed value would do, changing it changes the corpus. */
    static final String SHORT_RUN_SEED = "20260101";

    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        long seconds = Long.getLong("gatehouse.fuzz.seconds", 0);
        if (seconds <= 0) {
            context.attributes().setSeed(SHORT_RUN_SEED);
            if (context.attributes().tries().isEmpty()) {
                context.attributes().setTries(Integer.getInteger("gatehouse.fuzz.tries", 200));
            }
            return property.execute();
        }
        context.attributes().setTries(Integer.MAX_VALUE);
        DEADLINE.set(System.nanoTime() + seconds * 1_000_000_000L);
        try {
            return property.execute();
        } finally {
            DEADLINE.remove();
        }
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        TryExecutionResult result = aTry.execute(parameters);
        Long deadline = DEADLINE.get();
        if (deadline != null && result.isSatisfied() && System.nanoTime() - deadline > 0) {
            return TryExecutionResult.satisfied(true);
        }
        return result;
    }
}
