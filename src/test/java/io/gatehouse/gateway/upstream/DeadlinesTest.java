package io.gatehouse.gateway.upstream;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlinesTest {
    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Deadlines.Kind run(Timeouts timeouts, long answerAfterMs, long chunkEveryMs) throws Exception {
        CompletableFuture<Deadlines.Kind> expired = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            Deadlines d = new Deadlines(vertx, timeouts, System.nanoTime(), expired::complete);
            d.requestSent();
            if (answerAfterMs >= 0) {
                vertx.setTimer(answerAfterMs, t -> {
                    d.firstByte();
                    if (chunkEveryMs > 0) {
                        vertx.setPeriodic(chunkEveryMs, p -> d.activity());
                    }
                });
            }
        });
        return expired.get(5, TimeUnit.SECONDS);
    }

    @Test
    void eachDeadlineIsReportedByItsKind() throws Exception {
        assertThat(run(new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(3)),
                -1, 0)).isEqualTo(Deadlines.Kind.FIRST_BYTE);
        assertThat(run(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(150), Duration.ofSeconds(3)),
                20, 0)).isEqualTo(Deadlines.Kind.IDLE);
        assertThat(run(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(150), Duration.ofMillis(400)),
                20, 50)).isEqualTo(Deadlines.Kind.TOTAL);
    }

    @Test
    void aCancelledExchangeReportsNothing() throws Exception {
        CompletableFuture<Deadlines.Kind> expired = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            Deadlines d = new Deadlines(vertx, new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(50),
                    Duration.ofMillis(50)), System.nanoTime(), expired::complete);
            d.requestSent();
            d.cancel();
        });
        Thread.sleep(200);
        assertThat(expired).isNotDone();
    }
}
