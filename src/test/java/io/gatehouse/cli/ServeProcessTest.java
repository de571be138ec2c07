package io.gatehouse.cli;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gatehouse serve} as a real process: it becomes ready, serves, and stops cleanly on SIGTERM. */
@Tag("db")
class ServeProcessTest {

    @Test
    void servesAndShutsDownGracefullyOnSigterm() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            int gatewayPort = freePort();
            int adminPort = freePort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    // The product's own logging configuration, not the test one.
                    "-Dlogback.configurationFile=" + ServeProcessTest.class.getResource("/logback.xml"),
                    Main.class.getName(), "serve",
                    "--gateway-port", Integer.toString(gatewayPort),
                    "--admin-port", Integer.toString(adminPort),
                    "--set", "admin.password=process-password-1"));
            for (Map.Entry<String, String> e : db.settings().entrySet()) {
                command.add("--set");
                command.add(e.getKey() + "=" + e.getValue());
            }
            // Output goes to a file: Process.destroy() closes the pipes, which would lose what shutdown prints.
            Path log = db.dataDir().resolve("serve.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.readString(log).contains("Gatehouse ready") && process.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(Files.readString(log)).contains("Gatehouse ready in");

                Api gateway = new Api("http://127.0.0.1:" + gatewayPort, null);
                assertThat(gateway.get("/healthz").status()).isEqualTo(200);
                assertThat(gateway.get("/readyz").status()).isEqualTo(200);
                Api admin = new Api("http://127.0.0.1:" + adminPort, null);
                assertThat(admin.post("/user/login", Map.of("email", "admin@localhost", "password", "process-password-1")).status()).isEqualTo(200);

                process.destroy(); // SIGTERM
                assertThat(process.waitFor(45, TimeUnit.SECONDS)).as("stopped within 45 s").isTrue();
                assertThat(Files.readString(log)).contains("Gatehouse stopped").doesNotContain("Exception");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
