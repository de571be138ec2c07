package io.gatehouse.model.price;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.model.AiType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The price lists shipped with Gatehouse, one JSON file per provider type under {@code prices/} on the class path
 * ({@code openai.json} for OPENAI, {@code anthropic.json} for ANTHROPIC, {@code gemini.json} for GOOGLE,
 * {@code bedrock.json} for AWS). OTHER (a self-hosted or third-party OpenAI-compatible server) has no shipped prices:
 * what it costs is whatever a configuration says. The format is in docs/limits.md; a file that does not follow it fails the start (and the build's
 * tests), never a request.
 */
public final class PriceTable {
    private static final Map<AiType, String> FILES = Map.of(AiType.OPENAI, "openai", AiType.ANTHROPIC, "anthropic",
            AiType.GOOGLE, "gemini", AiType.AWS, "bedrock");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final PriceTable SHIPPED = load();

    private final Map<AiType, PriceList> lists;

    PriceTable(Map<AiType, PriceList> lists) {
        this.lists = Map.copyOf(lists);
    }

    /** The table in this build. */
    public static PriceTable shipped() {
        return SHIPPED;
    }

    /** The shipped list for a provider type; {@link PriceList#NONE} for types without one. */
    public PriceList list(AiType type) {
        return lists.getOrDefault(type, PriceList.NONE);
    }

    private static PriceTable load() {
        Map<AiType, PriceList> lists = new EnumMap<>(AiType.class);
        FILES.forEach((type, name) -> lists.put(type, read("prices/" + name + ".json")));
        return new PriceTable(lists);
    }

    static PriceList read(String resource) {
        try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("price table " + resource + " is missing from the class path");
            }
            return parse(JSON.readTree(in), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("price table " + resource + " is not JSON", e);
        }
    }

    /** One file: {@code {"version": "…", "models": [{"model", "input", "output", "cachedInput", "cacheWrite", "source", "date", "longContext"?}]}}. */
    static PriceList parse(JsonNode file, String name) {
        String version = file.path("version").asText("");
        if (version.isBlank() || version.length() > 40) {
            throw new IllegalStateException(name + ": version must be a name of 1 to 40 characters");
        }
        List<PriceRow> rows = new ArrayList<>();
        for (JsonNode row : file.path("models")) {
            String model = row.path("model").asText("");
            String where = name + " " + model;
            String source = row.path("source").asText("");
            String date = row.path("date").asText("");
            if (model.isBlank() || !source.startsWith("https://")) {
                throw new IllegalStateException(where + ": every row needs a model and the https source of its prices");
            }
            LocalDate.parse(date); // every row says when its prices were read
            Price price = price(row, where);
            JsonNode tier = row.get("longContext");
            Long above = tier == null ? null : tier.path("above").asLong();
            if (above != null && above < 1) {
                throw new IllegalStateException(where + ": longContext.above must be a positive token count");
            }
            rows.add(new PriceRow(model, price, above, tier == null ? null : price(tier, where + " longContext"), source, date));
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException(name + ": no models");
        }
        return new PriceList(version, rows);
    }

    private static Price price(JsonNode row, String where) {
        BigDecimal input = PriceList.price(row, "input", where, null);
        return new Price(input, PriceList.price(row, "output", where, null), PriceList.price(row, "cachedInput", where, input),
                PriceList.price(row, "cacheWrite", where, input));
    }
}
