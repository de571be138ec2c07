package io.gatehouse.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The console's static files, read once from the classpath: htmx and Chart.js from their WebJars (the version
 * found in each WebJar's own Maven metadata), and the console's stylesheet and script. Nothing else is served.
 */
final class Assets {
    private record Asset(String contentType, Buffer bytes) {
    }

    private final Map<String, Asset> assets = new HashMap<>();

    Assets() {
        add("htmx.min.js", "text/javascript", webJar("htmx.org", "dist/htmx.min.js"));
        add("chart.umd.js", "text/javascript", webJar("chart.js", "dist/chart.umd.js"));
        add("console.js", "text/javascript", "/console/console.js");
        add("console.css", "text/css", "/console/console.css");
        add("favicon.svg", "image/svg+xml", "/console/favicon.svg");
    }

    void mount(Router router) {
        router.get("/ui/assets/:name").handler(ctx -> {
            Asset asset = assets.get(ctx.pathParam("name"));
            if (asset == null) {
                ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("Not found");
                return;
            }
            ctx.response().putHeader("Content-Type", asset.contentType() + "; charset=utf-8")
                    .putHeader("Cache-Control", "public, max-age=3600")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .end(asset.bytes());
        });
    }

    private void add(String name, String contentType, String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Console asset missing from the classpath: " + resource);
            }
            assets.put(name, new Asset(contentType, Buffer.buffer(in.readAllBytes())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webJar(String artifact, String file) {
        String metadata = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = Assets.class.getResourceAsStream(metadata)) {
            if (in == null) {
                throw new IllegalStateException("WebJar " + artifact + " is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return "/META-INF/resources/webjars/" + artifact + "/" + properties.getProperty("version") + "/" + file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
