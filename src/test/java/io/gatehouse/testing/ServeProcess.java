package io.gatehouse.testing;

import io.gatehouse.cli.Main;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gatehouse serve} as a real operating-system process on the test's class path (without the test classes,
 * so the product's own logging configuration applies), on free ports, its output in {@code serve-<n>.log} in the
 * data directory. For tests that need what only a process has: signals, {@code kill -9}, a fresh JVM per start.
 */
public final class ServeProcess implements AutoCloseable {
    public static final String ADMIN_EMAIL = "admin@localhost";

    private final Process process;
    private final Path log;
    private final int gatewayPort;
    private final int adminPort;

    private ServeProcess(Process process, Path log, int gatewayPort, int adminPort) {
        this.process = process;
        this.log = log;
        this.gatewayPort = gatewayPort;
        this.adminPort = adminPort;
    }

    /** Starts a node with the database's settings plus {@code extra}, and waits until it says it is ready. */
    public static ServeProcess start(TestDatabase db, String adminPassword, Map<String, String> extra) throws IOException {
        int gatewayPort = freePort();
        int adminPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // As the shipped jar says in its manifest: SQLite's JDBC driver loads its native library.
                "--enable-native-access=ALL-UNNAMED",
                // Start-up dominates tests that start a node many times; the client compiler alone starts sooner.
                "-XX:TieredStopAtLevel=1",
                "-cp", productClassPath(),
                Main.class.getName(), "serve",
                "--gateway-port", Integer.toString(gatewayPort),
                "--admin-port", Integer.toString(adminPort),
                "--set", "admin.password=" + adminPassword));
        for (Map<String, String> settings : List.of(db.settings(), extra)) {
            for (Map.Entry<String, String> e : settings.entrySet()) {
                command.add("--set");
                command.add(e.getKey() + "=" + e.getValue());
            }
        }
        Path log;
        int n = 0;
        do {
            log = db.dataDir().resolve("serve-" + n++ + ".log");
        } while (Files.exists(log));
        // Output goes to a file: Process.destroy() closes the pipes, which would lose what shutdown prints.
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServeProcess serve = new ServeProcess(process, log, gatewayPort, adminPort);
        serve.awaitReady();
        return serve;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!output().contains("Gatehouse ready") && process.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        assertThat(output()).as("the node's output").contains("Gatehouse ready");
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    public Api gateway() {
        return new Api("http://127.0.0.1:" + gatewayPort, null);
    }

    public Api admin() {
        return new Api("http://127.0.0.1:" + adminPort, null);
    }

    /** The admin listener as the bootstrap owner. */
    public Api owner(String password) {
        HttpResult login = admin().post("/user/login", Map.of("email", ADMIN_EMAIL, "password", password));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return admin().as(login.text("accessToken"));
    }

    /** SIGKILL: the JVM ends at once, nothing flushed, no shutdown hook. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    /** SIGTERM, then waits for the graceful shutdown. */
    public boolean terminate(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static String productClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
