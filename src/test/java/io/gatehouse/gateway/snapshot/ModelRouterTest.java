package io.gatehouse.gateway.snapshot;

import io.gatehouse.model.AiType;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.route.Endpoint;
import io.gatehouse.route.RepoRoutes;
import io.gatehouse.route.Route;
import io.gatehouse.route.Upstream;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRouterTest {
    static Upstream upstream(String name, AiType type, ValidationStatus status, String... models) {
        Map<String, ModelEntry> catalog = new LinkedHashMap<>();
        for (String m : models) {
            catalog.put(m, new ModelEntry(m, m, 0, null, null, List.of()));
        }
        return new Upstream("id-" + name, "org", "ws", name, type, Endpoint.parse("http://127.0.0.1:1"), null, status, catalog);
    }

    static KeyEntry key(Set<String> allowed, Upstream... upstreams) {
        return new KeyEntry("k", "k", new RepoRoutes("r", "org", "ws", "repo", false, List.of(upstreams)), Long.MAX_VALUE,
                allowed, null);
    }

    static KeyEntry typedKey(AiType type, Upstream... upstreams) {
        return new KeyEntry("k", "k", new RepoRoutes("r", "org", "ws", "repo", false, List.of(upstreams)), Long.MAX_VALUE,
                null, type);
    }

    static List<String> names(List<Route> routes) {
        return routes.stream().map(r -> r.upstream().name() + ":" + r.upstreamModel()).toList();
    }

    @Test
    void prefixThenCatalogThenFamily() {
        Upstream a = upstream("a", AiType.OPENAI, ValidationStatus.VALID, "gpt-4o");
        Upstream b = upstream("b", AiType.OPENAI, ValidationStatus.VALID, "gpt-4o");
        Upstream claude = upstream("claude", AiType.ANTHROPIC, ValidationStatus.UNVALIDATED);
        Upstream local = upstream("local", AiType.OTHER, ValidationStatus.UNVALIDATED);
        KeyEntry key = key(null, a, b, claude, local);
        assertThat(names(ModelRouter.routes(key, "B/gpt-4o", ModelRouter.Purpose.CHAT))).containsExactly("b:gpt-4o");
        assertThat(names(ModelRouter.routes(key, "gpt-4o", ModelRouter.Purpose.CHAT))).containsExactly("a:gpt-4o", "b:gpt-4o");
        assertThat(names(ModelRouter.routes(key, "claude-haiku-4-5", ModelRouter.Purpose.CHAT))).containsExactly("claude:claude-haiku-4-5");
        assertThat(names(ModelRouter.routes(key, "llama-3", ModelRouter.Purpose.CHAT))).containsExactly("local:llama-3");
    }

    @Test
    void failingConfigurationsAreSkippedUnlessNamed() {
        Upstream failed = upstream("f", AiType.OPENAI, ValidationStatus.FAILED, "gpt-4o");
        Upstream ok = upstream("ok", AiType.OPENAI, ValidationStatus.VALID, "gpt-4o");
        KeyEntry key = key(null, failed, ok);
        assertThat(names(ModelRouter.routes(key, "gpt-4o", ModelRouter.Purpose.CHAT))).containsExactly("ok:gpt-4o");
        assertThat(names(ModelRouter.routes(key, "f/gpt-4o", ModelRouter.Purpose.CHAT))).containsExactly("f:gpt-4o");
        ok.markFailing();
        assertThatThrownBy(() -> ModelRouter.routes(key, "gpt-4o", ModelRouter.Purpose.CHAT)).isInstanceOf(RoutingException.class);
    }

    @Test
    void validatedCatalogsAreNotGuessedAtAndTheKeyLimitsModels() {
        KeyEntry key = key(Set.of("gpt-4o"), upstream("a", AiType.OPENAI, ValidationStatus.VALID, "gpt-4o", "gpt-4o-mini"));
        assertThatThrownBy(() -> ModelRouter.routes(key, "gpt-4o-mini", ModelRouter.Purpose.CHAT))
                .isInstanceOfSatisfying(RoutingException.class, e -> assertThat(e.error().status()).isEqualTo(403));
        KeyEntry open = key(null, upstream("a", AiType.OPENAI, ValidationStatus.VALID, "gpt-4o"));
        assertThatThrownBy(() -> ModelRouter.routes(open, "gpt-9", ModelRouter.Purpose.CHAT))
                .isInstanceOfSatisfying(RoutingException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(404);
                    assertThat(e.error().message()).contains("Reachable models: gpt-4o.");
                });
    }

    @Test
    void reachableNamesArePrefixedWhereTwoConfigurationsListTheSameModel() {
        KeyEntry key = key(null, upstream("a", AiType.OPENAI, ValidationStatus.VALID, "gpt-4o"),
                upstream("b", AiType.OPENAI, ValidationStatus.VALID, "gpt-4o", "o3"),
                upstream("local", AiType.OTHER, ValidationStatus.UNVALIDATED));
        assertThat(ModelRouter.reachable(key, ModelRouter.Purpose.ANY).stream().map(ModelRouter.Reachable::name).toList())
                .containsExactly("gpt-4o", "b/gpt-4o", "o3", "local");
    }

    @Test
    void aKeyWithAnAiTypeReachesOnlyConfigurationsOfThatType() {
        Upstream openai = upstream("oa", AiType.OPENAI, ValidationStatus.VALID, "gpt-4o", "shared-model");
        Upstream claude = upstream("claude", AiType.ANTHROPIC, ValidationStatus.VALID, "claude-sonnet-4-5", "shared-model");
        Upstream unvalidated = upstream("claude2", AiType.ANTHROPIC, ValidationStatus.UNVALIDATED);
        KeyEntry limited = typedKey(AiType.ANTHROPIC, openai, claude, unvalidated);
        assertThat(names(ModelRouter.routes(limited, "claude-sonnet-4-5", ModelRouter.Purpose.CHAT))).containsExactly("claude:claude-sonnet-4-5");
        assertThat(names(ModelRouter.routes(limited, "shared-model", ModelRouter.Purpose.CHAT))).containsExactly("claude:shared-model");
        assertThat(names(ModelRouter.routes(limited, "claude-opus-9", ModelRouter.Purpose.CHAT))).containsExactly("claude2:claude-opus-9");
        for (String other : new String[] {"gpt-4o", "oa/anything"}) {
            assertThatThrownBy(() -> ModelRouter.routes(limited, other, ModelRouter.Purpose.CHAT))
                    .isInstanceOfSatisfying(RoutingException.class, e -> {
                        assertThat(e.error().status()).isEqualTo(403);
                        assertThat(e.error().code()).isEqualTo("model_not_allowed");
                        assertThat(e.error().message()).contains("limited to ANTHROPIC configurations").contains("OPENAI");
                    });
        }
        assertThatThrownBy(() -> ModelRouter.routes(limited, "nowhere-model", ModelRouter.Purpose.CHAT))
                .isInstanceOfSatisfying(RoutingException.class, e -> assertThat(e.error().status()).isEqualTo(404));
        assertThat(ModelRouter.reachable(limited, ModelRouter.Purpose.ANY).stream().map(ModelRouter.Reachable::name).toList())
                .containsExactly("claude-sonnet-4-5", "shared-model", "claude2");
        assertThat(names(ModelRouter.routes(typedKey(null, openai, claude), "shared-model", ModelRouter.Purpose.CHAT)))
                .as("a key without aiType reaches every type").containsExactly("oa:shared-model", "claude:shared-model");
        assertThatThrownBy(() -> ModelRouter.routes(typedKey(AiType.GOOGLE, openai, claude), "gemini-9", ModelRouter.Purpose.CHAT))
                .isInstanceOfSatisfying(RoutingException.class, e -> assertThat(e.error().message())
                        .contains("this key is limited to GOOGLE configurations, and no usable one is attached"));
    }
}
