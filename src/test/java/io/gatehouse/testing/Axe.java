package io.gatehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.JavascriptExecutor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An axe-core accessibility scan of the page a {@link Browser} shows. axe-core's own {@code axe.min.js} comes from
 * the {@code com.deque.html.axe-core:selenium} test dependency (MPL-2.0, used unmodified; the build fetches it from
 * Maven Central like any dependency) and is injected through WebDriver, which the console's Content-Security-Policy
 * does not govern.
 */
public final class Axe {
    private static final Set<String> SERIOUS = Set.of("serious", "critical");
    private static final String RUN = """
            var done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then(function (r) { done(JSON.stringify(r.violations)); }, function (e) { done('failed: ' + e); });""";
    private static final String SOURCE = load();

    private Axe() {
    }

    /** The serious and critical violations on the page now, each as "rule (impact): help — targets". */
    public static List<String> seriousViolations(Browser browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        js.executeScript(SOURCE);
        String answer = (String) js.executeAsyncScript(RUN);
        if (answer.startsWith("failed: ")) {
            throw new IllegalStateException("axe-core did not run: " + answer);
        }
        List<String> found = new ArrayList<>();
        try {
            for (JsonNode v : new ObjectMapper().readTree(answer)) {
                if (SERIOUS.contains(v.path("impact").asText())) {
                    List<String> targets = new ArrayList<>();
                    v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
                    found.add(v.path("id").asText() + " (" + v.path("impact").asText() + "): " + v.path("help").asText()
                            + " — " + String.join(", ", targets));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
