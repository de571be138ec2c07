package io.gatehouse.store;

import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Tag("db")
class DatabaseTest {

    @Test
    void statementErrorsNeverCarryTheValuesBoundToThem() {
        try (TestServer server = TestServer.start()) {
            Throwable failure = catchThrowable(() -> server.node().database().jdbi().useHandle(h ->
                    h.createUpdate("INSERT INTO server_secret (name, sealed, created_at) VALUES (:name, :sealed, NULL)")
                            .bind("name", "probe").bind("sealed", "very-sensitive-bound-value").execute()));
            assertThat(failure).isNotNull();
            StringBuilder all = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            assertThat(all.toString()).doesNotContain("very-sensitive-bound-value");
        }
    }
}
