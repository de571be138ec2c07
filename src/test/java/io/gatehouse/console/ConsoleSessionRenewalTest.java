package io.gatehouse.console;

import io.gatehouse.testing.ConsoleClient;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With access tokens this short, every console request renews the session's tokens. A page's burst of requests
 * (the usage charts) shares one renewal: a refresh token presented twice would be taken for theft and end every
 * session of the user, the console's and any other.
 */
@Tag("db")
class ConsoleSessionRenewalTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("auth.access.ttl", "60s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBurstOfRequestsSharesOneRenewal() throws Exception {
        TestServer.Session api = server.owner();
        String ws = server.defaultWorkspace(api);
        ConsoleClient browser = new ConsoleClient(server).signIn(TestServer.OWNER_EMAIL, TestServer.OWNER_PASSWORD);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 3; round++) {
                List<Callable<HttpResult>> burst = UsagePages.CHARTS.stream()
                        .map(chart -> (Callable<HttpResult>) () -> browser.get("/ui/w/" + ws + "/usage/data?chart=" + chart))
                        .toList();
                for (Future<HttpResult> answer : pool.invokeAll(burst)) {
                    assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(200);
                    assertThat(answer.get().header("Set-Cookie")).as("a renewed session is written back").contains("gh_console=");
                }
            }
        }
        assertThat(browser.get("/ui/w/" + ws + "/configurations").status()).isEqualTo(200);
        // The user's other sessions were not ended as if a refresh token had been stolen.
        assertThat(api.api().get("/workspace").status()).isEqualTo(200);
    }
}
