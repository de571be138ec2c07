package io.gatehouse.fuzz;

import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.io.PrintWriter;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Runs one fuzz target through the JUnit launcher, without a build tool, for scripts/fuzz.sh: a Maven run per target
 * cost more time than the fuzzing it was asked for. Arguments: {@code fully.qualified.Class#method}, then libFuzzer
 * options (e.g. {@code -max_total_time=600}). Fuzzes when {@code JAZZER_FUZZ=1} is in the environment; exits 1 when
 * the target failed or found something.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) {
        String[] target = args[0].split("#", 2);
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(target[0], target[1], "com.code_intelligence.jazzer.api.FuzzedDataProvider"))
                // Jazzer reads libFuzzer's arguments from these parameters; the first stands for the program name.
                .configurationParameter("jazzer.internal.arg.0", "fuzz");
        for (int i = 1; i < args.length; i++) {
            request.configurationParameter("jazzer.internal.arg." + i, args[i]);
        }
        LauncherDiscoveryRequest discovery = request.build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(discovery, summary);
        summary.getSummary().printFailuresTo(new PrintWriter(System.out, true), 40);
        summary.getSummary().printTo(new PrintWriter(System.out, true));
        System.exit(summary.getSummary().getTotalFailureCount() == 0
                && summary.getSummary().getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
