package io.gatehouse.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.route.Route;
import io.gatehouse.policy.Evaluation;
import io.gatehouse.policy.PolicyEngine;
import io.gatehouse.policy.PolicySet;
import io.gatehouse.policy.Subject;
import io.gatehouse.policy.detect.Redactor;
import io.gatehouse.policy.judge.Direction;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.vertx.core.Future;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Applies the repository's policies on the gateway's path (SPEC 5): the input stage (after routing, before the
 * provider is called: block with 403, or mask the offending spans in what the provider receives), the check of a
 * non-streaming answer before it is sent, and the guard of a streamed answer ({@link StreamGuard}). Every evaluation
 * is recorded (violations, alerts) and counted on the exchange for its usage record.
 */
final class PolicyEnforcement implements Stage {
    private final GatewayContext context;
    private final int maxMessages;

    PolicyEnforcement(GatewayContext context) {
        this.context = context;
        this.maxMessages = context.settings().maxMessages();
    }

    PolicyEngine engine() {
        return context.policies();
    }

    /** The input stage. */
    @Override
    public Future<Void> apply(Exchange ex) {
        PolicySet set = context.snapshot().get().policies().forRepo(ex.key.repo().id());
        ex.policies = set;
        if (set.isEmpty()) {
            return DONE;
        }
        JsonNode tree;
        try {
            tree = ex.facts.tree();
        } catch (TranslationException e) {
            return StageFailure.of(e.error(), "client_error");
        }
        PolicyText text = ex.requestText();
        return engine().evaluate(set, Direction.INPUT, text.text()).compose(evaluation -> {
            settle(ex, evaluation, Direction.INPUT, evaluation.blocks());
            if (evaluation.blocks()) {
                return StageFailure.of(blocked(evaluation, Direction.INPUT), "blocked");
            }
            if (evaluation.redacts()) {
                mask(text, evaluation, new Redactor());
                ex.facts = RequestFacts.read(ex.api.readAs(), ex.pathModel, bytes(tree), maxMessages);
            }
            return DONE;
        });
    }

    /**
     * A non-streaming answer in the client's format: the same bytes when nothing applies, masked when a REDACT rule
     * was violated, or a failed future with the 403 policy error when a BLOCK rule was.
     */
    Future<byte[]> answer(Exchange ex, byte[] body) {
        if (ex.policies.isEmpty() || !PolicyText.answerHasText(ex.api)) {
            return Future.succeededFuture(body);
        }
        JsonNode tree = ProviderJson.readLenient(body);
        PolicyText text = PolicyText.answer(ex.api, tree);
        return engine().evaluate(ex.policies, Direction.OUTPUT, text.text()).compose(evaluation -> {
            settle(ex, evaluation, Direction.OUTPUT, evaluation.blocks());
            if (evaluation.blocks()) {
                return Future.failedFuture(new StageFailure(blocked(evaluation, Direction.OUTPUT), "blocked"));
            }
            if (evaluation.redacts()) {
                mask(text, evaluation, new Redactor());
                return Future.succeededFuture(bytes(tree));
            }
            return Future.succeededFuture(body);
        });
    }

    /** The guard of a streamed answer, or {@code null} when no policy applies. */
    StreamGuard stream(Exchange ex) {
        return ex.policies.isEmpty() ? null : new StreamGuard(this, ex, ex.policies);
    }

    /**
     * Records an evaluation, counts it on the exchange and in {@code gatehouse_policy_outcomes_total}; an asynchronous
     * judge's later verdict is recorded and counted when it arrives.
     */
    void settle(Exchange ex, Evaluation evaluation, Direction direction, boolean refused) {
        Subject subject = subject(ex);
        engine().record(evaluation, direction, subject, refused);
        ex.policyTally.add(evaluation, refused);
        countOutcome(evaluation, direction);
        if (evaluation.later() != null) {
            ex.awaitPolicyWork(evaluation.later().onSuccess(later -> {
                engine().record(later, direction, subject, false);
                ex.policyTally.add(later, false);
                countOutcome(later, direction);
            }));
        }
    }

    /** One decision per evaluation that found a violation: the action taken (the strongest effect). */
    private void countOutcome(Evaluation evaluation, Direction direction) {
        if (evaluation.action() != null) {
            context.observer().metrics().policyOutcome(evaluation.action().name().toLowerCase(Locale.ROOT),
                    direction.name().toLowerCase(Locale.ROOT));
        }
    }

    static GatewayError blocked(Evaluation evaluation, Direction direction) {
        return GatewayError.of(ErrorKind.POLICY_VIOLATION, evaluation.blockMessage(direction));
    }

    /** Masks every slot with findings, last first (see {@link PolicyText#replace}); placeholders numbered in reading order. */
    static void mask(PolicyText text, Evaluation evaluation, Redactor redactor) {
        List<String> texts = text.text().segments();
        String[] masked = new String[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            if (!evaluation.masks().get(i).isEmpty()) {
                masked[i] = redactor.redact(texts.get(i), evaluation.masks().get(i));
            }
        }
        for (int i = texts.size() - 1; i >= 0; i--) {
            if (masked[i] != null) {
                text.replace(i, masked[i]);
            }
        }
    }

    private static byte[] bytes(JsonNode tree) {
        try {
            return ProviderJson.MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Subject subject(Exchange ex) {
        var key = ex.key;
        var repo = key.repo();
        Route route = ex.accountedRoute();
        return new Subject(ex.requestId(), ex.userId, ex.conversationId, repo.orgId(), repo.workspaceId(), repo.id(), repo.name(), key.id(), key.name(),
                route == null ? null : route.upstream().aiType().name(), route == null ? ex.facts.model() : route.upstreamModel(),
                route == null ? null : route.upstream().endpoint().host());
    }
}
