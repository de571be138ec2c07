package io.gatehouse.cli;

import io.gatehouse.Gatehouse;
import io.gatehouse.config.ConfigException;
import io.gatehouse.crypto.KeyringException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code gatehouse serve}: runs a node until SIGTERM/SIGINT, then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the gateway (default :8080) and admin (default 127.0.0.1:8081) listeners.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        Gatehouse node;
        try {
            node = Gatehouse.start(options.load(), System.out);
        } catch (ConfigException | KeyringException e) {
            System.err.println("gatehouse: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            log.error("Start-up failed", e);
            System.err.println("gatehouse: start-up failed: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "gatehouse-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
