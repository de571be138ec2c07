package io.gatehouse.gateway;

import io.gatehouse.config.Settings;
import io.gatehouse.egress.EgressPolicy;
import io.gatehouse.route.Route;
import io.gatehouse.model.AiType;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Gatehouse's own provider calls (the policy judge, policy advice) obey the egress policy like {@code /v1}. */
class ProviderChatEgressTest {

    @Test
    void theJudgesCallToAPrivateTargetIsRefusedWithTheHint() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FakeOpenAi local = new FakeOpenAi(null)) {
            ProviderChat chat = new ProviderChat(vertx, vertx.createHttpClient(), GatewaySettings.from(Settings.of(Map.of())),
                    (upstream, message) -> { }, EgressPolicy.from(Settings.of(Map.of())), Clock.systemUTC());
            Route route = new Route(StandaloneGateway.upstream("judge", AiType.OTHER, local.endpoint(), "gpt-4o"), "gpt-4o");
            Throwable failed = catchThrowable(() -> chat.complete(route, ("{\"model\":\"gpt-4o\",\"messages\":"
                            + "[{\"role\":\"user\",\"content\":\"Hi\"}]}").getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertThat(failed).isInstanceOf(ExecutionException.class).cause().isInstanceOf(ProviderChat.Failure.class)
                    .hasMessageContaining("configuration 'judge'")
                    .hasMessageContaining("providers.private.allowlist=" + local.baseUrl().substring("http://".length()));
            assertThat(local.requests()).isEmpty();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
