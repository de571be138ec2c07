package io.gatehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract checks: the vendor client's TypeScript response types, transcribed to JSON Schema (draft 2020-12) under
 * {@code src/test/resources/contract/}, against real answers. A schema names the type it transcribes in its
 * {@code title} and {@code $comment}; optional TypeScript fields are left out of {@code required}, and fields of
 * ours beyond the type are allowed, as the client ignores them.
 */
public final class Contract {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private Contract() {
    }

    /** Fails, listing every mismatch, unless {@code answer}'s JSON body fits {@code contract/<schema>}. */
    public static void check(HttpResult answer, String schema) {
        check(answer.json(), schema);
    }

    public static void check(JsonNode body, String schema) {
        List<Error> errors = load(schema).validate(body);
        assertThat(errors).as("the answer does not fit contract/" + schema + ":\n" + body.toPrettyString()).isEmpty();
    }

    private static Schema load(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            try (InputStream in = Contract.class.getResourceAsStream("/contract/" + n)) {
                if (in == null) {
                    throw new IllegalArgumentException("No schema contract/" + n + " on the test classpath");
                }
                return REGISTRY.getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
