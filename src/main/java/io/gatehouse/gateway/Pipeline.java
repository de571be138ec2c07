package io.gatehouse.gateway;

import io.vertx.core.Future;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs an exchange through its stages in order, then hands it to the terminal step (the provider call, or an answer
 * from memory). Stages that complete at once cost no allocation; one that waits resumes the chain when done. A
 * failing stage answers the client and records the exchange's usage (if it has a key); so does any exception a
 * stage or the terminal step throws (a bug: 500, logged with the request id), so no request is left hanging. Adding a
 * stage (the input policies, limits) is one entry in the list the verticle builds.
 */
final class Pipeline {
    private final List<Stage> stages;
    private final Consumer<Exchange> terminal;
    private final GatewayContext context;

    Pipeline(List<Stage> stages, Consumer<Exchange> terminal, GatewayContext context) {
        this.stages = List.copyOf(stages);
        this.terminal = terminal;
        this.context = context;
    }

    void run(Exchange ex) {
        ex.observe(context.observer());
        from(ex, 0);
    }

    private void from(Exchange ex, int index) {
        for (int i = index; i < stages.size(); i++) {
            Future<Void> step;
            try {
                step = stages.get(i).apply(ex);
            } catch (RuntimeException e) {
                step = Future.failedFuture(e);
            }
            if (!step.isComplete()) {
                int next = i + 1;
                step.onComplete(done -> {
                    if (done.succeeded()) {
                        from(ex, next);
                    } else {
                        stopped(ex, done.cause());
                    }
                });
                return;
            }
            if (step.failed()) {
                stopped(ex, step.cause());
                return;
            }
        }
        try {
            terminal.accept(ex);
        } catch (RuntimeException bug) {
            stopped(ex, bug);
        }
    }

    private void stopped(Exchange ex, Throwable cause) {
        if (cause instanceof StageFailure f) {
            ex.fail(f.error, f.outcome);
        } else {
            GatewayErrors.log(ex.requestId(), cause);
            ex.fail(GatewayErrors.internal(ex.requestId()), "gateway_error");
        }
        ex.record(context);
    }
}
