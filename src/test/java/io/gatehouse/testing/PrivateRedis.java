package io.gatehouse.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of the test's own, for tests that stop and start it: {@code /usr/bin/redis-server} on a free
 * loopback port, without persistence, in a temporary directory. The shared Redis the other tests may use is never
 * touched. Without the binary the test is skipped, or fails when {@code gatehouse.test.requireRedis} is set (as in CI).
 */
public final class PrivateRedis implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/redis-server");
    private final Path dir;
    private final int port;
    private Process server;

    private PrivateRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static PrivateRedis start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            if (Boolean.getBoolean("gatehouse.test.requireRedis")) {
                throw new IllegalStateException(BINARY + " is missing and gatehouse.test.requireRedis is set");
            }
            Assumptions.abort(BINARY + " is not installed");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivateRedis redis = new PrivateRedis(Files.createTempDirectory("gatehouse-redis-"), port);
        redis.startServer();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) on the same port, empty, and waits until it accepts connections. */
    public void startServer() throws IOException, InterruptedException {
        server = new ProcessBuilder(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port + "; see " + dir.resolve("server.log"));
    }

    /** Stops the server (SIGKILL: it is gone at once, as a crashed or unreachable Redis is). */
    public void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(20, TimeUnit.SECONDS);
            server = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopServer();
    }
}
