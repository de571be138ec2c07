package io.gatehouse.gateway;

import io.gatehouse.gateway.upstream.MediaFetcher;
import io.gatehouse.provider.CallPlan;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.Ingress;
import io.gatehouse.provider.MediaFetch;
import io.gatehouse.provider.PendingPlan;
import io.gatehouse.provider.PlanRequest;
import io.gatehouse.provider.ProviderSettings;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.route.Route;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.Map;

/**
 * Builds the {@link CallPlan} of one attempt: the upstream's provider adapter plans (ingress, provider) — OpenAI to
 * OpenAI-type upstreams byte for byte (only {@code model} and stream usage edited), everything else translated — and
 * the planner fetches the linked images a plan asks for first (only Gemini's do). Every other plan is ready at once.
 */
final class CallPlanner {
    private final ProviderSettings settings;
    private final MediaFetcher media;

    CallPlanner(GatewayContext context, MediaFetcher media) {
        this(context.settings(), context.clock(), context.ids(), media);
    }

    /** Without a gateway context: what {@link ProviderChat} needs, before the gateway's context exists. */
    CallPlanner(GatewaySettings settings, Clock clock, IdGenerator ids, MediaFetcher media) {
        this.settings = new ProviderSettings(settings.anthropicVersion(), settings.anthropicMaxTokens(),
                settings.geminiApiVersion(), clock, ids);
        this.media = media;
    }

    Future<CallPlan> plan(Exchange ex, Route route) {
        if (!ex.api.callsProvider()) {
            throw new IllegalStateException(ex.api.path + " calls no provider");
        }
        boolean anthropic = ex.dialect() == ClientDialect.ANTHROPIC;
        return plan(ex.api.ingress, ex.facts, route, anthropic ? ex.request.getHeader("anthropic-version") : null,
                anthropic ? ex.request.getHeader("anthropic-beta") : null);
    }

    /** A chat completion (OpenAI-shaped {@code facts}) for {@code route}: also used by {@link ProviderChat}. */
    Future<CallPlan> chat(RequestFacts facts, Route route) {
        return plan(Ingress.CHAT, facts, route, null, null);
    }

    Future<CallPlan> plan(Ingress ingress, RequestFacts facts, Route route, String anthropicVersion,
                          String anthropicBeta) {
        PendingPlan pending;
        try {
            pending = route.upstream().adapter().plan(ingress, new PlanRequest(facts.openAi, facts.anthropic,
                    facts::tree, facts.model(), route.upstreamModel(), facts.clientWantsUsage(), anthropicVersion,
                    anthropicBeta, route.upstream().catalog(), facts.body, facts.stream()), settings);
        } catch (TranslationException e) {
            return Future.failedFuture(e);
        }
        Future<Map<String, MediaFetch>> fetched = pending.media().isEmpty() ? Future.succeededFuture(Map.of())
                : media.fetchAll(pending.media());
        return fetched.map(pending.complete());
    }
}
