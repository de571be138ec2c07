package io.gatehouse.limit;

import io.gatehouse.model.KeyLimits;
import io.gatehouse.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter on in-process counters, with a clock the test moves: no sleeps. */
class LimiterTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-31T23:59:30Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Limiter limiter = new Limiter(new LocalCounters(clock), Limiter.OnFailure.OPEN, clock, registry);

    private static LimitedScopes key(KeyLimits limits) {
        return LimitedScopes.of("k1", limits, "r1", null, "w1", null);
    }

    private Limiter.Decision reserve(LimitedScopes scopes, long tokens) {
        return limiter.reserve(scopes, tokens, 0).toCompletableFuture().join();
    }

    @Test
    void requestsPerMinuteAdmitExactlyTheLimitInAFixedWindowThenStartAgain() {
        LimitedScopes scopes = key(new KeyLimits(3L, null, null, null, null, null));
        for (int i = 1; i <= 3; i++) {
            Limiter.Decision d = reserve(scopes, 0);
            assertThat(d.verdict()).isEqualTo(Limiter.Verdict.ADMITTED);
            assertThat(d.headers()).containsEntry("x-ratelimit-limit-requests", "3")
                    .containsEntry("x-ratelimit-remaining-requests", Long.toString(3 - i))
                    .containsEntry("x-ratelimit-reset-requests", "30s")
                    .doesNotContainKey("x-ratelimit-limit-tokens");
        }
        Limiter.Decision refused = reserve(scopes, 0);
        assertThat(refused.verdict()).isEqualTo(Limiter.Verdict.LIMITED);
        assertThat(refused.refused().dimension()).isEqualTo(Dimension.RPM);
        assertThat(refused.retryAfterSeconds()).isEqualTo(30);
        assertThat(refused.headers()).containsEntry("x-ratelimit-remaining-requests", "0");
        assertThat(registry.counter("gatehouse_limit_refusals_total", "scope", "key", "limit", "rpm").count())
                .isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        assertThat(reserve(scopes, 0).verdict()).isEqualTo(Limiter.Verdict.ADMITTED);
    }

    @Test
    void aTokenBudgetAdmitsWhileBelowItAndSettlementReplacesTheEstimate() {
        LimitedScopes scopes = key(new KeyLimits(null, null, 100L, null, null, null));
        Limiter.Decision first = reserve(scopes, 60);
        assertThat(first.headers()).containsEntry("x-ratelimit-remaining-tokens", "40")
                .containsEntry("x-ratelimit-reset-tokens", "30s");
        first.reservation().settle(20, 0L);
        Limiter.Decision second = reserve(scopes, 60);
        assertThat(second.verdict()).isEqualTo(Limiter.Verdict.ADMITTED);
        assertThat(second.headers()).containsEntry("x-ratelimit-remaining-tokens", "20");
        // 80 used, below 100: admitted; its answer (a stream, say) may go past the budget.
        second.reservation().settle(90, 0L);
        Limiter.Decision third = reserve(scopes, 10);
        assertThat(third.verdict()).isEqualTo(Limiter.Verdict.LIMITED);
        assertThat(third.refused().dimension()).isEqualTo(Dimension.TOKENS_PER_DAY);
        assertThat(third.headers()).containsEntry("x-ratelimit-remaining-tokens", "0");
    }

    @Test
    void aMoneyBudgetReservesTheEstimatedCostSettlesWithTheRealOneAndStartsAgainNextDay() {
        LimitedScopes scopes = key(new KeyLimits(null, null, null, null, new BigDecimal("0.001"), null));
        Limiter.Decision first = limiter.reserve(scopes, 500, 600).toCompletableFuture().join();
        assertThat(first.verdict()).isEqualTo(Limiter.Verdict.ADMITTED);
        // OpenAI defines no headers for money: a key with only a money budget gets none.
        assertThat(first.headers()).isEmpty();
        first.reservation().settle(100, 200L);
        // 200 of 1000 micro-dollars used: admitted with its 600 reserved, then settled above the budget.
        Limiter.Decision second = limiter.reserve(scopes, 500, 600).toCompletableFuture().join();
        assertThat(second.verdict()).isEqualTo(Limiter.Verdict.ADMITTED);
        second.reservation().settle(400, 900L);
        Limiter.Decision refused = limiter.reserve(scopes, 1, 1).toCompletableFuture().join();
        assertThat(refused.verdict()).isEqualTo(Limiter.Verdict.LIMITED);
        assertThat(refused.refused().dimension()).isEqualTo(Dimension.COST_PER_DAY);
        assertThat(refused.refused().limit()).isEqualTo(1000);
        assertThat(refused.retryAfterSeconds()).isEqualTo(30);
        assertThat(registry.counter("gatehouse_limit_refusals_total", "scope", "key", "limit", "maxCostPerDay")
                .count()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.reserve(scopes, 1, 1).toCompletableFuture().join().verdict())
                .isEqualTo(Limiter.Verdict.ADMITTED);
    }

    @Test
    void moneyAndTokensAreCountedApartAndAnUnpricedSettlementKeepsTheMoneyReserved() {
        LimitedScopes scopes = key(new KeyLimits(null, null, 1000L, null, null, new BigDecimal("0.000010")));
        Limiter.Decision d = limiter.reserve(scopes, 100, 6).toCompletableFuture().join();
        assertThat(d.headers()).containsEntry("x-ratelimit-remaining-tokens", "900");
        // Served by a model without a price: the tokens settle, the 6 micro-dollars stay counted.
        d.reservation().settle(10, null);
        Limiter.Decision next = limiter.reserve(scopes, 100, 6).toCompletableFuture().join();
        assertThat(next.verdict()).isEqualTo(Limiter.Verdict.ADMITTED);
        assertThat(next.headers()).containsEntry("x-ratelimit-remaining-tokens", "890");
        Limiter.Decision refused = limiter.reserve(scopes, 1, 1).toCompletableFuture().join();
        assertThat(refused.verdict()).isEqualTo(Limiter.Verdict.LIMITED);
        assertThat(refused.refused().dimension()).isEqualTo(Dimension.COST_PER_MONTH);
        // The month ends at 00:00 UTC on April 1st, thirty seconds away.
        assertThat(refused.retryAfterSeconds()).isEqualTo(30);
    }

    @Test
    void aFailedCallGivesItsReservationBackOnce() {
        LimitedScopes scopes = key(new KeyLimits(null, 100L, null, null, null, null));
        Limiter.Decision d = reserve(scopes, 100);
        assertThat(reserve(scopes, 1).verdict()).isEqualTo(Limiter.Verdict.LIMITED);
        d.reservation().settle(0, 0L);
        d.reservation().settle(0, 0L);
        assertThat(reserve(scopes, 1).headers()).containsEntry("x-ratelimit-remaining-tokens", "99");
    }

    @Test
    void theMonthWindowEndsAtTheFirstOfTheNextMonthUtc() {
        LimitedScopes scopes = key(new KeyLimits(null, null, null, 10L, null, null));
        reserve(scopes, 10);
        Limiter.Decision refused = reserve(scopes, 1);
        assertThat(refused.verdict()).isEqualTo(Limiter.Verdict.LIMITED);
        assertThat(refused.retryAfterSeconds()).isEqualTo(30);
        clock.set(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(reserve(scopes, 1).verdict()).isEqualTo(Limiter.Verdict.ADMITTED);
        assertThat(reserve(scopes, 1).headers()).containsEntry("x-ratelimit-reset-tokens", "720h0m0s");
    }

    @Test
    void everyScopeCountsAndTheTightestSetsTheHeaders() {
        LimitedScopes scopes = LimitedScopes.of("k1", new KeyLimits(10L, null, null, null, null, null), "r1",
                new KeyLimits(2L, null, null, null, null, null), "w1", new KeyLimits(5L, null, null, null, null, null));
        assertThat(reserve(scopes, 0).headers()).containsEntry("x-ratelimit-limit-requests", "2")
                .containsEntry("x-ratelimit-remaining-requests", "1");
        reserve(scopes, 0);
        Limiter.Decision refused = reserve(scopes, 0);
        assertThat(refused.refused().scope()).isEqualTo(Scope.REPO);
        // Another key of the same repository is refused too; a key of another repository is not.
        assertThat(reserve(LimitedScopes.of("k2", null, "r1", new KeyLimits(2L, null, null, null, null, null), "w1",
                new KeyLimits(5L, null, null, null, null, null)), 0).verdict()).isEqualTo(Limiter.Verdict.LIMITED);
        assertThat(reserve(LimitedScopes.of("k3", null, "r2", null, "w1", new KeyLimits(5L, null, null, null, null, null)), 0)
                .verdict()).isEqualTo(Limiter.Verdict.ADMITTED);
    }

    @Test
    void aRefusalCountsNothingAnywhere() {
        LimitedScopes scopes = LimitedScopes.of("k1", new KeyLimits(1L, null, null, null, null, null), "r1",
                new KeyLimits(5L, null, null, null, null, null), "w1", null);
        reserve(scopes, 0);
        reserve(scopes, 0);
        reserve(scopes, 0);
        assertThat(reserve(LimitedScopes.of("k2", null, "r1", new KeyLimits(5L, null, null, null, null, null), "w1", null), 0)
                .headers()).containsEntry("x-ratelimit-remaining-requests", "3");
    }

    @Test
    void unreachableCountersFollowTheFailureSetting() {
        LimitCounters down = new LimitCounters() {
            @Override
            public CompletionStage<Tally> reserve(List<Counter> counters) {
                return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
            }

            @Override
            public void settle(List<Counter> counters, long[] deltas) {
            }

            @Override
            public void close() {
            }
        };
        LimitedScopes scopes = key(new KeyLimits(1L, null, null, null, null, null));
        Limiter open = new Limiter(down, Limiter.OnFailure.OPEN, clock, registry);
        assertThat(open.reserve(scopes, 0, 0).toCompletableFuture().join().verdict()).isEqualTo(Limiter.Verdict.UNCOUNTED);
        assertThat(open.reserve(scopes, 0, 0).toCompletableFuture().join().headers()).isEmpty();
        Limiter closed = new Limiter(down, Limiter.OnFailure.CLOSED, clock, registry);
        assertThat(closed.reserve(scopes, 0, 0).toCompletableFuture().join().verdict())
                .isEqualTo(Limiter.Verdict.UNAVAILABLE);
        assertThat(registry.counter("gatehouse_limit_counter_failures_total", "failure", "open").count()).isEqualTo(2);
        assertThat(registry.counter("gatehouse_limit_counter_failures_total", "failure", "closed").count()).isEqualTo(1);
    }

    @Test
    void durationsReadLikeOpenAis() {
        assertThat(Limiter.duration(12)).isEqualTo("12s");
        assertThat(Limiter.duration(360)).isEqualTo("6m0s");
        assertThat(Limiter.duration(3 * 3600 + 62)).isEqualTo("3h1m2s");
    }

    @Test
    void tokenEstimatesUseTheTokenizerForOpenAiModelsAndTheCharacterRuleElsewhere() {
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(10);
        long openAi = TokenEstimate.input(text, true);
        assertThat(openAi).isBetween(100L + TokenEstimate.REQUEST_OVERHEAD, 110L + TokenEstimate.REQUEST_OVERHEAD);
        assertThat(TokenEstimate.input(text, false))
                .isEqualTo((text.length() + 2) / 3 + TokenEstimate.REQUEST_OVERHEAD);
        assertThat(TokenEstimate.openAiModel("gpt-4o-mini")).isTrue();
        assertThat(TokenEstimate.openAiModel("o3-mini")).isTrue();
        assertThat(TokenEstimate.openAiModel("claude-3-haiku")).isFalse();
        assertThat(TokenEstimate.openAiModel("o")).isFalse();
    }
}
