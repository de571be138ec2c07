package io.gatehouse.gateway;

import io.gatehouse.model.ValidationOutcome;
import io.gatehouse.route.Upstream;
import io.gatehouse.model.AiLlm;
import io.gatehouse.model.ValidationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * What happens when a provider refuses a configuration's credentials on a gateway call. One refused call is not
 * proof (a provider hiccup, a key being rotated): the configuration is validated again at once, off the event loop.
 * Only when validation confirms that the credentials are refused is it marked FAILED — in the store, with an audit
 * event (which moves the change feed, so every node stops routing to it) — and taken out of routing on this node.
 * From then on it is validated again in the background with growing pauses ({@code first}, twice that, … up to
 * {@code max}) until the provider accepts the credentials: then it is VALID again, catalog and all, and routed as
 * before. A configuration someone changes or validates meanwhile is left to them. Node restarts pick up the
 * configurations the gateway had marked. Every step is logged.
 */
public final class StoredCredentialFailures implements CredentialFailures {
    private static final Logger log = LoggerFactory.getLogger(StoredCredentialFailures.class);
    /** How the gateway's FAILED marks start, so a restarted node finds the configurations to keep checking. */
    static final String MARK = "A gateway call was refused and validation confirmed it: ";

    /** Runs a task after a delay (a scheduled executor; tests run tasks when they choose). */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    private final ConfigurationValidation validator;
    private final Scheduler scheduler;
    private final Executor blocking;
    private final Duration first;
    private final Duration max;
    /** Configurations being checked, by id: one check at a time per configuration, however many calls are refused. */
    private final Map<String, Watch> watched = new ConcurrentHashMap<>();

    /**
     * A configuration under watch: the upstream to take out of routing here (null after a restart), the attempt,
     * and whether the gateway has marked it FAILED.
     */
    private record Watch(Upstream upstream, int attempt, boolean marked) {
        Watch next(boolean nowMarked) {
            return new Watch(upstream, attempt + 1, marked || nowMarked);
        }
    }

    /**
     * @param blocking where validations run (virtual threads)
     * @param first    the pause before the first re-validation after a confirmed refusal (then doubling)
     * @param max      the longest pause
     */
    public StoredCredentialFailures(ConfigurationValidation validator, Scheduler scheduler, Executor blocking, Duration first,
                                    Duration max) {
        this.validator = validator;
        this.scheduler = scheduler;
        this.blocking = blocking;
        this.first = first;
        this.max = max;
    }

    /** Picks up the configurations the gateway marked FAILED before this node started. */
    public void resume() {
        for (AiLlm config : validator.failedWith(MARK)) {
            Watch watch = new Watch(null, 1, true);
            if (watched.putIfAbsent(config.id(), watch) == null) {
                later(config.id(), watch);
            }
        }
    }

    @Override
    public void refused(Upstream upstream, String providerMessage) {
        if (watched.putIfAbsent(upstream.id(), new Watch(upstream, 0, false)) != null) {
            return;
        }
        log.warn("The provider refused the credentials of AI LLM configuration {} ({}) on a gateway call ({});"
                + " validating it again", upstream.id(), upstream.name(), providerMessage);
        run(upstream.id());
    }

    /** The pause before attempt {@code attempt} (1, 2, …): {@code first}, doubled each time, at most {@code max}. */
    Duration pause(int attempt) {
        Duration pause = first;
        for (int i = 1; i < attempt && pause.compareTo(max) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(max) < 0 ? pause : max;
    }

    private void later(String id, Watch watch) {
        watched.put(id, watch);
        try {
            scheduler.schedule(() -> run(id), pause(watch.attempt()));
        } catch (RejectedExecutionException shuttingDown) {
            watched.remove(id);
        }
    }

    private void run(String id) {
        try {
            blocking.execute(() -> check(id));
        } catch (RejectedExecutionException shuttingDown) {
            log.info("Shutting down: AI LLM configuration {} is not validated again", id);
            watched.remove(id);
        }
    }

    private void check(String id) {
        Watch watch = watched.get(id);
        if (watch == null) {
            return;
        }
        try {
            AiLlm config = validator.find(id).orElse(null);
            if (config == null || watch.marked() && config.validationStatus() != ValidationStatus.FAILED) {
                watched.remove(id); // deleted, or changed or validated by someone since it was marked
                return;
            }
            ValidationOutcome outcome = validator.probe(config);
            if (outcome.success()) {
                recovered(config, outcome);
                watched.remove(id);
            } else if (outcome.credentialsRefused()) {
                confirmed(config, watch, outcome);
                later(id, watch.next(true));
            } else {
                log.info("Validating AI LLM configuration {} again was inconclusive ({}); trying again in {}", id,
                        outcome.message(), pause(watch.attempt() + 1));
                later(id, watch.next(false));
            }
        } catch (RuntimeException e) {
            log.warn("Could not validate AI LLM configuration {} again: {}", id, e.toString());
            later(id, watch.next(false));
        }
    }

    private void recovered(AiLlm config, ValidationOutcome outcome) {
        if (config.validationStatus() != ValidationStatus.FAILED) {
            log.info("The provider accepts the credentials of AI LLM configuration {} again: the refused call was"
                    + " not confirmed and the configuration stays {}", config.id(), config.validationStatus());
            return;
        }
        if (validator.recordForGateway(config, outcome, outcome.message())) {
            log.info("AI LLM configuration {} ({}) is VALID again: the provider accepts its credentials", config.id(),
                    config.name());
        }
    }

    private void confirmed(AiLlm config, Watch watch, ValidationOutcome outcome) {
        if (config.validationStatus() == ValidationStatus.FAILED) {
            log.info("The provider still refuses the credentials of AI LLM configuration {}; trying again in {}",
                    config.id(), pause(watch.attempt() + 1));
            return;
        }
        if (watch.upstream() != null) {
            watch.upstream().markFailing();
        }
        if (validator.recordForGateway(config, outcome, MARK + outcome.message())) {
            log.warn("The provider refused the credentials of AI LLM configuration {} ({}) again on validation: it is"
                    + " FAILED and validated again in the background until they are accepted", config.id(), config.name());
        }
    }
}
