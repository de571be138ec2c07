package io.gatehouse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's two commands as a newcomer runs them, on a machine whose default {@code java} is older than 21 and
 * where nothing is set: the wrapper ({@code ./mvnw}) and the launcher ({@code ./gatehouse}) both find a JDK 21+ on
 * their own, and the launcher's first run prints only Gatehouse's own lines. Runs after packaging (failsafe), on the
 * jar just built.
 */
class LauncherIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @Test
    void theWrapperFindsAJdk21WhenTheDefaultJavaIsOlder(@TempDir Path dir) throws Exception {
        Path oldJdk = fakeJdk17(dir);
        Run run = run(List.of("./mvnw", "-B", "-v"), oldJdk);
        assertThat(run.exit()).as(run.output()).isZero();
        Matcher version = Pattern.compile("Java version: (\\d+)").matcher(run.output());
        assertThat(version.find()).as(run.output()).isTrue();
        assertThat(Integer.parseInt(version.group(1))).isGreaterThanOrEqualTo(21);
    }

    @Test
    void theLauncherFirstRunPrintsOnlyGatehouseLines(@TempDir Path dir) throws Exception {
        Path archive = PROJECT.resolve("target/gatehouse.jsa");
        Files.deleteIfExists(archive);
        Path oldJdk = fakeJdk17(dir);
        for (int i = 0; i < 2; i++) {
            Run run = run(List.of("./gatehouse", "--help"), oldJdk);
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.output()).startsWith("Usage: gatehouse").doesNotContain("[warning]").doesNotContain("cds");
        }
        assertThat(archive).as("the class-data archive is still written").exists();
    }

    @Test
    void theLauncherShipsBoundedJvmDefaultsThatGatehouseJavaOptsOverride(@TempDir Path dir) throws Exception {
        Path jdk = echoingJdk25(dir);
        Path jar = Files.writeString(dir.resolve("any.jar"), "");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString(), "GATEHOUSE_JAR", jar.toString(),
                "PATH", jdk.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin");

        Run shipped = run(List.of("./gatehouse", "serve"), env, null);
        assertThat(shipped.exit()).as(shipped.output()).isZero();
        List<String> args = List.of(shipped.output().lines().filter(l -> l.startsWith("arg ")).map(l -> l.substring(4))
                .toArray(String[]::new));
        assertThat(args).contains("-XX:+UseSerialGC", "-Xmx80m", "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=48m",
                "-XX:CICompilerCount=2", "-XX:+UseCompactObjectHeaders", "-XX:CompileCommand=memlimit,*.*,8m");
        assertThat(args.subList(args.indexOf("-jar"), args.size())).containsExactly("-jar", jar.toString(), "serve");
        assertThat(shipped.output()).contains("MALLOC_ARENA_MAX=2");

        Run overridden = run(List.of("./gatehouse", "serve"), env, Map.of("GATEHOUSE_JAVA_OPTS", "-Xmx512m", "MALLOC_ARENA_MAX", "4"));
        List<String> mine = overridden.output().lines().filter(l -> l.startsWith("arg ")).map(l -> l.substring(4)).toList();
        assertThat(mine.lastIndexOf("-Xmx512m")).as("the user's option comes last, so it wins").isGreaterThan(mine.indexOf("-Xmx80m"));
        assertThat(overridden.output()).contains("MALLOC_ARENA_MAX=4");
    }

    @Test
    void anArchiveOlderThanTheJarIsRemovedSoTheJvmWritesAFreshOne(@TempDir Path dir) throws Exception {
        Path jdk = echoingJdk25(dir);
        Path jar = Files.writeString(dir.resolve("any.jar"), "");
        Path archive = dir.resolve("any.jsa");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString(), "GATEHOUSE_JAR", jar.toString(),
                "PATH", jdk.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin");

        Files.writeString(archive, "archive of this jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() - 60_000));
        Run current = run(List.of("./gatehouse", "serve"), env, null);
        assertThat(current.output()).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(archive).as("an archive newer than the jar is kept").exists();

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() + 60_000));
        Run rebuilt = run(List.of("./gatehouse", "serve"), env, null);
        assertThat(rebuilt.output()).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(archive).as("the JVM would refuse it and not write another").doesNotExist();
    }

    /** A JDK 25 whose java prints its arguments one a line and MALLOC_ARENA_MAX, instead of running anything. */
    private static Path echoingJdk25(Path dir) throws IOException {
        Path home = dir.resolve("jdk-25");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        Files.writeString(bin.resolve("java"), """
                #!/bin/sh
                if [ "$1" = "-version" ]; then echo 'openjdk version "25.0.1" 2025-10-21' >&2; exit 0; fi
                for a in "$@"; do echo "arg $a"; done
                echo "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"
                """);
        Files.writeString(bin.resolve("javac"), "#!/bin/sh\nexit 0\n");
        for (String tool : List.of("java", "javac")) {
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    /** A JAVA_HOME and PATH whose java says it is 17, as on a machine where the default JDK is old. */
    private static Path fakeJdk17(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("jdk-17/bin"));
        for (String tool : List.of("java", "javac")) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho 'openjdk version \"17.0.12\" 2024-07-16' >&2\nexit 0\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir.resolve("jdk-17");
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, Path oldJdk) throws Exception {
        return run(command, Map.of("JAVA_HOME", oldJdk.toString(), "PATH", oldJdk.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin"), null);
    }

    private static Run run(List<String> command, Map<String, String> set, Map<String, String> more) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("GATEHOUSE_JAVA_OPTS");
        env.remove("MALLOC_ARENA_MAX");
        env.remove("MAVEN_OPTS");
        env.putAll(set);
        if (more != null) {
            env.putAll(more);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
