package io.gatehouse.cli;

import io.gatehouse.Gatehouse;
import io.gatehouse.config.ConfigException;
import io.gatehouse.crypto.KeyringException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

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
        Runnable stop = () -> {
            node.close();
            stopped.countDown();
        };
        // SIGTERM and SIGINT drain and flush *before* the JVM begins to exit: once it does, every shutdown hook
        // runs at once, and the embedded database's own hook would close the store under the final usage flush.
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> Thread.ofPlatform().name("gatehouse-shutdown").start(stop));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "gatehouse-exit"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
