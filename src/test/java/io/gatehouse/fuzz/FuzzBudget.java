package io.gatehouse.fuzz;

import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropagationMode;
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

    /**
     * Tries of a timed run: more than fit in the time (thousands a second), not so many that jqwik's bookkeeping,
     * which grows with the count, runs out of memory (it does at {@code Integer.MAX_VALUE}).
     */
    private static final int LONG_RUN_TRIES = 10_000_000;

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
        context.attributes().setTries(LONG_RUN_TRIES);
        // jqwik sizes its edge-case combinations by the tries, which runs out of memory at this count; the short run
        // mixes them in, the generators here reach the same extremes at random.
        context.attributes().setEdgeCases(EdgeCasesMode.NONE);
        DEADLINE.set(System.nanoTime() + seconds * 1_000_000_000L);
        try {
            return property.execute();
        } finally {
            DEADLINE.remove();
        }
    }

    /** Registered on a class, applies to each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    /** Outermost, so that the attributes are set before jqwik reads them to start the property. */
    @Override
    public int aroundPropertyProximity() {
        return -100;
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
