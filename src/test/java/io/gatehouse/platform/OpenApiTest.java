package io.gatehouse.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /openapi.json} describes exactly the operations the admin listener serves, with the right security. */
@Tag("db")
class OpenApiTest {

    @Test
    void theDocumentMatchesTheRoutes() {
        try (TestServer server = TestServer.start()) {
            HttpResult served = server.admin().get("/openapi.json");
            assertThat(served.status()).isEqualTo(200);
            JsonNode doc = served.json();
            assertThat(doc.path("openapi").asText()).startsWith("3.");

            Set<String> documented = new TreeSet<>();
            Set<String> documentedPublic = new TreeSet<>();
            Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
            while (paths.hasNext()) {
                Map.Entry<String, JsonNode> path = paths.next();
                Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields();
                while (ops.hasNext()) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    String key = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                    documented.add(key);
                    assertThat(op.getValue().path("summary").asText()).as("summary of " + key).isNotBlank();
                    assertThat(op.getValue().path("responses").size()).as("responses of " + key).isPositive();
                    JsonNode security = op.getValue().path("security");
                    if (security.isArray() && security.isEmpty()) {
                        documentedPublic.add(key);
                    }
                }
            }
            Set<String> served_ = new TreeSet<>();
            Set<String> servedPublic = new TreeSet<>();
            for (ApiRoutes.Operation op : server.node().admin().operations()) {
                String key = op.method() + " " + op.path();
                served_.add(key);
                if (!op.authenticated()) {
                    servedPublic.add(key);
                }
            }
            assertThat(documented).as("documented operations").isEqualTo(served_);
            assertThat(documentedPublic).as("operations without authentication").isEqualTo(servedPublic);
        }
    }
}
