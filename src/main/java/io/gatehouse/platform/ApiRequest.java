package io.gatehouse.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.gatehouse.store.Ids;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The parts of an HTTP request a Platform API handler reads, with input errors turned into clear 400s. */
public final class ApiRequest {
    private final RoutingContext ctx;
    private final Principal principal;

    ApiRequest(RoutingContext ctx, Principal principal) {
        this.ctx = ctx;
        this.principal = principal;
    }

    /** The authenticated caller; routes registered as public have none. */
    public Principal principal() {
        if (principal == null) {
            throw ApiException.unauthorized("Authentication required");
        }
        return principal;
    }

    public String pathParam(String name) {
        return ctx.pathParam(name);
    }

    /** A path id that must look like one of ours; anything else names nothing and answers 404. */
    public String pathId(String name, String what) {
        String id = ctx.pathParam(name);
        if (!Ids.isValid(id)) {
            throw ApiException.notFound(what);
        }
        return id;
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(ctx.request().getParam(name)).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** A comma-separated filter ({@code repoId=a,b}); repeated parameters are accepted too. */
    public List<String> queryList(String name) {
        return ctx.queryParam(name).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public Page page() {
        return Page.of(ctx.request().getParam("skip"), ctx.request().getParam("take"));
    }

    public String header(String name) {
        return ctx.request().getHeader(name);
    }

    /** The client's address, used to rate-limit failures per source. */
    public String sourceAddress() {
        return sourceAddress(ctx);
    }

    static String sourceAddress(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }

    /** The JSON body bound to a record; a missing, malformed or mistyped body is a 400 naming the problem. */
    public <T> T body(Class<T> type) {
        Buffer buffer = ctx.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            throw ApiException.badRequest("A JSON body is required");
        }
        try {
            JsonNode tree = Json.REQUEST_BODIES.readTree(buffer.getBytes());
            if (tree == null || !tree.isObject()) {
                throw ApiException.badRequest("The body must be a JSON object");
            }
            return Json.MAPPER.treeToValue(tree, type);
        } catch (MismatchedInputException e) {
            throw ApiException.badRequest(describeMismatch(e));
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("The JSON body is nested too deeply (at most " + Json.MAX_DEPTH + " levels)");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw ApiException.badRequest(describeMismatch(e));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("Unreadable body");
        }
    }

    /**
     * The names of the body's top-level fields, so a partial update can tell a field sent as {@code null} from
     * one not sent; call it after {@link #body(Class)} accepted the body.
     */
    public Set<String> bodyFields() {
        try {
            Set<String> names = new HashSet<>();
            Json.MAPPER.readTree(ctx.body().buffer().getBytes()).fieldNames().forEachRemaining(names::add);
            return names;
        } catch (IOException e) {
            throw ApiException.badRequest("Unreadable body");
        }
    }

    private static String describeMismatch(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse(null);
        if (field == null) {
            return "The body does not have the expected shape";
        }
        String expected = e instanceof MismatchedInputException mi && mi.getTargetType() != null
                ? expectedType(mi.getTargetType()) : "of another type";
        return "Field '" + field + "' must be " + expected;
    }

    private static String expectedType(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return "an object";
    }
}
