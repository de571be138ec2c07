package io.gatehouse.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, for tests that stop and start the store: {@code initdb} into a temporary
 * directory, {@code pg_ctl} on a free loopback port (its socket in that directory), trust authentication, from the
 * binaries installed under {@code /usr/lib/postgresql/<version>/bin}. The shared server the other tests use is never
 * touched. PostgreSQL refuses to run as root, so as root the binaries run as the {@code postgres} user. Without
 * the binaries the test is skipped, or fails when {@code gatehouse.test.requirePostgres} is set (as in CI).
 */
public final class PrivatePostgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Creates the cluster and starts it. */
    public static PrivatePostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("gatehouse-pg-");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), dir);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivatePostgres pg = new PrivatePostgres(bin, dir, port, root);
        pg.pg("initdb", "-D", pg.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        pg.startServer();
        return pg;
    }

    /** Starts the server (again) on the same port and data, and waits until it accepts connections. */
    public void startServer() throws IOException, InterruptedException {
        // fsync off: these tests take the store away, they do not measure its durability.
        pg("pg_ctl", "-D", data(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** A fast shutdown: open connections are closed, new ones refused, until {@link #startServer()}. */
    public void stopServer() throws IOException, InterruptedException {
        pg("pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    /** A new empty database on this server; its JDBC URL. */
    public String createDatabase() throws SQLException {
        String name = "gh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect("postgres")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", "");
    }

    /** The server's own log, for failure messages. */
    public String serverLog() throws IOException {
        Path log = dir.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        try {
            pg("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
        } catch (Exception ignored) {
            // Already stopped.
        }
        TestDatabase.deleteRecursively(dir);
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void pg(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        run(command, dir);
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path output = Files.createTempFile("gatehouse-pg-command-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The newest installed version's binaries. */
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> versionOf(b.getParent())));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        TestDatabase.unavailable("No PostgreSQL binaries (initdb, pg_ctl) under " + root);
        throw new IllegalStateException("unreachable");
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
