package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.config.Settings;
import io.gatehouse.egress.EgressPolicy;
import io.gatehouse.route.Endpoint;
import io.gatehouse.route.Upstream;
import io.gatehouse.model.AiType;
import io.gatehouse.platform.aillm.ProviderProbe;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.platform.aillm.Validator;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StoredCredentialFailures} step by step, on a real store and a fake provider, with a scheduler the test runs
 * by hand and validations run inline: a refused call is validated again at once; only a confirmed refusal marks the
 * configuration FAILED; from then on it is validated again after 30 s, 1 min, 2 min … (at most 30 min) until the
 * provider accepts it, and then it is VALID again with its catalog. Someone else's validation ends the watch; a new
 * node picks up what the gateway had marked.
 */
@Tag("db")
class CredentialRecheckTest {
    static TestServer server;
    static FakeOpenAi provider;
    static Vertx vertx;
    static Validator validator;
    /** The scheduled re-validations, in order, with their pauses. */
    final List<Scheduled> scheduled = new ArrayList<>();
    String id;
    Upstream upstream;

    record Scheduled(Runnable task, Duration delay) {
    }

    @BeforeAll
    static void start() {
        server = TestServer.start();
        provider = new FakeOpenAi(null);
        vertx = Vertx.vertx();
        validator = new Validator(server.node().database().jdbi(), null, new ProviderProbe(vertx,
                EgressPolicy.from(Settings.of(TestServer.PROVIDER_EGRESS)), Duration.ofSeconds(5), "2023-06-01"),
                new AuditLog(Clock.systemUTC()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
        provider.close();
        server.close();
    }

    @BeforeEach
    void validConfiguration() {
        provider.reset();
        var owner = server.owner();
        id = PlatformCalls.aiLlm(owner.api(), server.defaultWorkspace(owner), "local-" + System.nanoTime(), "OTHER",
                provider.endpoint(), null);
        PlatformCalls.validate(owner.api(), id);
        upstream = new Upstream(id, owner.orgId(), server.defaultWorkspace(owner), "local", AiType.OTHER,
                Endpoint.parse(provider.endpoint()), null, ValidationStatus.VALID, Map.of());
        provider.clearRequests();
    }

    StoredCredentialFailures failures() {
        return new StoredCredentialFailures(validator, (task, delay) -> scheduled.add(new Scheduled(task, delay)),
                Runnable::run, Duration.ofSeconds(30), Duration.ofMinutes(30));
    }

    void refuseTheKey() {
        provider.respond("GET", "/v1/models", r -> FakeProvider.Answer.json(401, "{\"error\":{\"message\":"
                + "\"Incorrect API key provided.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
    }

    JsonNode stored() {
        return server.owner().api().get("/ai/llm/" + id).json().path("aiLlm");
    }

    /** Runs the next scheduled re-validation; returns the pause it was scheduled with. */
    Duration runNext() {
        Scheduled next = scheduled.removeFirst();
        next.task().run();
        return next.delay();
    }

    @Test
    void aRefusedCallThatValidationDoesNotConfirmChangesNothing() {
        failures().refused(upstream, "HTTP 401");
        assertThat(provider.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/v1/models"));
        assertThat(stored().path("validationStatus").asText()).isEqualTo("VALID");
        assertThat(upstream.failing()).isFalse();
        assertThat(scheduled).isEmpty();
    }

    @Test
    void aConfirmedRefusalIsFailedAndRecheckedWithBackoffUntilItRecovers() throws Exception {
        refuseTheKey();
        StoredCredentialFailures failures = failures();
        failures.refused(upstream, "HTTP 401");
        failures.refused(upstream, "HTTP 401"); // a second refused call while one is being checked: no second check
        assertThat(provider.requests()).hasSize(1);
        JsonNode failed = stored();
        assertThat(failed.path("validationStatus").asText()).isEqualTo("FAILED");
        assertThat(failed.path("validationMessage").asText()).startsWith(StoredCredentialFailures.MARK)
                .contains("rejected the credentials");
        assertThat(upstream.failing()).isTrue();

        assertThat(scheduled).singleElement().satisfies(s -> assertThat(s.delay()).isEqualTo(Duration.ofSeconds(30)));
        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pauses.add(runNext());
            assertThat(stored().path("validationStatus").asText()).isEqualTo("FAILED");
        }
        assertThat(pauses).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
                Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(30),
                Duration.ofMinutes(30));

        provider.reset(); // the provider accepts the key again
        runNext();
        JsonNode recovered = stored();
        assertThat(recovered.path("validationStatus").asText()).isEqualTo("VALID");
        assertThat(recovered.path("models")).isNotEmpty();
        assertThat(scheduled).isEmpty();
        assertThat(GatewayWorld.query(server, "SELECT details FROM system_event WHERE context_id = ? ORDER BY id", id))
                .extracting(row -> (String) row.get("details"))
                .filteredOn(details -> details.contains("\"source\":\"gateway\""))
                .hasSize(2).last().asString().contains("\"success\":true");
    }

    @Test
    void someoneElsesValidationEndsTheWatch() {
        refuseTheKey();
        StoredCredentialFailures failures = failures();
        failures.refused(upstream, "HTTP 401");
        provider.reset();
        PlatformCalls.validate(server.owner().api(), id);
        provider.clearRequests();
        runNext();
        assertThat(provider.requests()).isEmpty();
        assertThat(scheduled).isEmpty();
    }

    @Test
    void aNewNodePicksUpWhatTheGatewayMarked() {
        refuseTheKey();
        failures().refused(upstream, "HTTP 401");
        scheduled.clear();
        failures().resume();
        assertThat(scheduled).isNotEmpty().allSatisfy(s -> assertThat(s.delay()).isEqualTo(Duration.ofSeconds(30)));
        provider.reset();
        while (!scheduled.isEmpty()) {
            runNext();
        }
        assertThat(stored().path("validationStatus").asText()).isEqualTo("VALID");
    }
}
