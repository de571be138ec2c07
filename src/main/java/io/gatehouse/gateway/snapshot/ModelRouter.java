package io.gatehouse.gateway.snapshot;

import io.gatehouse.model.AiType;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.Providers;
import io.gatehouse.model.ModelEntry;

import io.gatehouse.route.Route;
import io.gatehouse.route.Upstream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SPEC 4.3 routing over the configurations attached to the key's repository, in attachment order:
 * <ol>
 *   <li>{@code <configuration name>/<model>}: that configuration (also when failing: the caller asked for it), the
 *       prefix removed;</li>
 *   <li>else every configuration whose validated catalog lists the model;</li>
 *   <li>else by family (the model-name prefixes each provider adapter claims: {@code claude-*} → ANTHROPIC,
 *       {@code gemini-*} → GOOGLE, others → OPENAI/OTHER) among the configurations without a catalog (never
 *       validated).</li>
 * </ol>
 * Failing configurations are skipped in 2 and 3. The result lists every candidate: the first is tried, the others
 * are the fallbacks (PITFALLS 28). See docs/decisions/0003-routing.md. A key created with an {@code aiType} sees
 * only the configurations of that type, as if the others were not attached; a model only they serve is a 403 that
 * says so.
 */
public final class ModelRouter {
    private ModelRouter() {
    }

    /** What the request needs the model for: catalogs say which models embed. */
    public enum Purpose {
        CHAT, EMBEDDINGS,
        /** Listing everything ({@code GET /v1/models}). */
        ANY
    }

    /**
     * The candidates for {@code model}, first choice first.
     *
     * @throws RoutingException 403 when the key may not use the model (not among its allowed models, or served only
     *                          by configurations of another type than the key's), 404 listing what the key reaches
     */
    public static List<Route> routes(KeyEntry key, String model, Purpose purpose) {
        if (key.allowedModels() != null && !key.allowedModels().contains(model)) {
            throw new RoutingException(forbidden("This key may not use the model '" + model + "'. Allowed: "
                    + String.join(", ", key.allowedModels().stream().sorted().toList()) + "."));
        }
        List<Route> routes = candidates(key.upstreams(), model);
        if (routes.isEmpty()) {
            List<Route> otherTypes = key.aiType() == null ? List.of() : candidates(key.repo().upstreams(), model);
            throw new RoutingException(otherTypes.isEmpty() ? notFound(key, model, purpose)
                    : forbidden("This key is limited to " + key.aiType() + " configurations, and the model '" + model
                    + "' is served by a " + otherTypes.getFirst().upstream().aiType() + " configuration."));
        }
        return routes;
    }

    /** Prefix, then catalogs, then family, over {@code attached}; empty when none serves the model. */
    private static List<Route> candidates(List<Upstream> attached, String model) {
        int slash = model.indexOf('/');
        if (slash > 0) {
            String prefix = model.substring(0, slash);
            for (Upstream u : attached) {
                if (u.name().equalsIgnoreCase(prefix)) {
                    return List.of(new Route(u, model.substring(slash + 1)));
                }
            }
        }
        List<Route> routes = new ArrayList<>(2);
        for (Upstream u : attached) {
            if (!u.failing() && u.catalog().containsKey(model)) {
                routes.add(new Route(u, model));
            }
        }
        if (routes.isEmpty()) {
            Set<AiType> family = Providers.family(model);
            for (Upstream u : attached) {
                if (!u.failing() && !u.hasCatalog() && family.contains(u.aiType())) {
                    routes.add(new Route(u, model));
                }
            }
        }
        return routes;
    }

    private static GatewayError forbidden(String message) {
        return new GatewayError(403, ErrorKind.INVALID_REQUEST, message, "permission_error", "model_not_allowed", "model",
                java.util.Map.of(), false, false, null);
    }

    private static GatewayError notFound(KeyEntry key, String model, Purpose purpose) {
        List<String> names = reachable(key, purpose).stream()
                .map(r -> r.model() == null ? r.name() + "/<model>" : r.name()).toList();
        String listed = names.isEmpty() ? key.aiType() == null ? "none (no usable configuration is attached to this repository)"
                : "none (this key is limited to " + key.aiType() + " configurations, and no usable one is attached)"
                : String.join(", ", names.size() > 50 ? names.subList(0, 50) : names)
                + (names.size() > 50 ? " … (" + names.size() + " in all, see GET /v1/models)" : "");
        return new GatewayError(404, ErrorKind.NOT_FOUND, "The model '" + model + "' does not exist or this key's"
                + " repository cannot reach it. Reachable models: " + listed + ".", "invalid_request_error",
                "model_not_found", "model", java.util.Map.of(), false, false, null);
    }

    /**
     * A model the key can use: the name clients send (the catalog id, prefixed with the configuration name where an
     * earlier configuration lists the same id), its configuration and catalog entry. A configuration without a
     * catalog appears once with its own name and a null model: any model name can be sent to it with the prefix.
     */
    public record Reachable(String name, Upstream upstream, ModelEntry model) {
    }

    /**
     * What the key's repository reaches for the purpose, in attachment order, limited by the key's allowed models and
     * configuration type.
     */
    public static List<Reachable> reachable(KeyEntry key, Purpose purpose) {
        List<Reachable> out = new ArrayList<>();
        Set<String> taken = new LinkedHashSet<>();
        for (Upstream u : key.upstreams()) {
            if (u.failing()) {
                continue;
            }
            if (!u.hasCatalog()) {
                out.add(new Reachable(u.name(), u, null));
                continue;
            }
            for (ModelEntry m : u.catalog().values()) {
                if (!fits(m, purpose)) {
                    continue;
                }
                String name = taken.add(m.id()) ? m.id() : u.name() + "/" + m.id();
                if (key.allowedModels() == null || key.allowedModels().contains(name)) {
                    out.add(new Reachable(name, u, m));
                }
            }
        }
        return out;
    }

    /** Providers that say what a model does are believed; a catalog that does not say (OpenAI's) allows both. */
    private static boolean fits(ModelEntry m, Purpose purpose) {
        if (purpose == Purpose.ANY || m.capabilities().isEmpty()) {
            return true;
        }
        return m.capabilities().contains(purpose == Purpose.CHAT ? ModelEntry.CHAT : ModelEntry.EMBEDDINGS);
    }
}
