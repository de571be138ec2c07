package io.gatehouse.model.price;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.model.InvalidValueException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A versioned list of price rows and how a model id finds its row (decision 0013), case-insensitively: the exact id;
 * else the id without a dated or numbered version suffix ({@code gpt-4o-2024-08-06}, {@code claude-sonnet-4-5-20250929},
 * {@code gemini-1.5-pro-002}, {@code …-latest}); else the longest family prefix ({@code gpt-4.1*}). A Gemini
 * {@code models/} prefix is ignored.
 */
public final class PriceList {
    public static final PriceList NONE = new PriceList("none", List.of());
    /** The most rows a configuration may set, and the longest model id or family. */
    public static final int MAX_OVERRIDES = 200;
    public static final int MAX_MODEL = 200;
    /** The largest price accepted, in dollars per million tokens, and the finest (one millionth of a dollar). */
    static final BigDecimal MAX_PRICE = BigDecimal.valueOf(100_000);
    static final int MAX_SCALE = 6;
    private static final Pattern VERSION_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{3}|latest)$");
    /**
     * A Bedrock model id around the model's own name: an optional inference-profile region, the vendor, the name and
     * the Bedrock version ({@code us.anthropic.claude-3-5-haiku-20241022-v1:0}).
     */
    private static final Pattern BEDROCK_ID = Pattern.compile(
            "^(?:[a-z]{2,6}(?:-gov)?\\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|writer|qwen|openai)\\.(.+?)(?:-v\\d+(?::\\d+)?)?$");
    private static final Set<String> OVERRIDE_FIELDS = Set.of("input", "output", "cachedInput", "cacheWrite");

    private final String version;
    private final List<PriceRow> rows;
    private final Map<String, PriceRow> exact = new HashMap<>();
    /** Families, longest prefix first. */
    private final List<PriceRow> families;

    public PriceList(String version, List<PriceRow> rows) {
        this.version = version;
        this.rows = List.copyOf(rows);
        List<PriceRow> byPrefix = new ArrayList<>();
        for (PriceRow row : rows) {
            if (row.isFamily()) {
                byPrefix.add(row);
            } else if (exact.putIfAbsent(row.model(), row) != null) {
                throw new IllegalArgumentException("price list " + version + " prices " + row.model() + " twice");
            }
        }
        byPrefix.sort(Comparator.comparingInt((PriceRow r) -> r.prefix().length()).reversed());
        this.families = List.copyOf(byPrefix);
    }

    public String version() {
        return version;
    }

    public List<PriceRow> rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The row pricing {@code model}, if any. */
    public Optional<PriceMatch> find(String model) {
        if (model == null || rows.isEmpty()) {
            return Optional.empty();
        }
        String id = model.toLowerCase(Locale.ROOT).trim();
        if (id.startsWith("models/")) {
            id = id.substring("models/".length());
        }
        PriceRow row = row(id);
        if (row == null) {
            Matcher bedrock = BEDROCK_ID.matcher(id);
            row = bedrock.matches() ? row(bedrock.group(1)) : null;
        }
        return Optional.ofNullable(row).map(r -> new PriceMatch(r, version));
    }

    /** By exact id, then the id without a version suffix, then the longest family prefix; null if none. */
    private PriceRow row(String id) {
        PriceRow row = exact.get(id);
        if (row == null) {
            row = exact.get(VERSION_SUFFIX.matcher(id).replaceFirst(""));
        }
        if (row == null) {
            for (PriceRow family : families) {
                if (id.startsWith(family.prefix())) {
                    return family;
                }
            }
        }
        return row;
    }

    /**
     * A configuration's own prices as the Platform API takes them, {@code {"<model or family*>": {"input": 2.5,
     * "output": 10, "cachedInput": 1.25, "cacheWrite": 3.125}}} in dollars per million tokens; {@code input} and
     * {@code output} are required, cached input and cache writes cost what input costs when left out. A value of
     * the wrong form is malformed (400), one out of range refused (422), each message naming the field.
     */
    public static PriceList overrides(JsonNode prices, String version) {
        if (prices == null || prices.isNull()) {
            return NONE;
        }
        if (!prices.isObject()) {
            throw InvalidValueException.malformed("prices must be an object of model id to prices");
        }
        if (prices.size() > MAX_OVERRIDES) {
            throw InvalidValueException.refused("prices may set at most " + MAX_OVERRIDES + " models");
        }
        List<PriceRow> rows = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Map.Entry<String, JsonNode> entry : prices.properties()) {
            String model = entry.getKey().trim();
            checkModel(model);
            if (!seen.add(model.toLowerCase(Locale.ROOT))) {
                throw InvalidValueException.refused("prices sets '" + model + "' twice (model ids are compared ignoring case)");
            }
            String field = "prices['" + model + "']";
            JsonNode row = entry.getValue();
            if (!row.isObject()) {
                throw InvalidValueException.malformed(field + " must be an object with input and output (dollars per million tokens)");
            }
            for (Map.Entry<String, JsonNode> member : row.properties()) {
                if (!OVERRIDE_FIELDS.contains(member.getKey())) {
                    throw InvalidValueException.malformed(field + "." + member.getKey()
                            + " is not a price field (input, output, cachedInput, cacheWrite)");
                }
            }
            BigDecimal input = price(row, "input", field, null);
            BigDecimal output = price(row, "output", field, null);
            rows.add(new PriceRow(model, new Price(input, output, price(row, "cachedInput", field, input),
                    price(row, "cacheWrite", field, input)), null, null, null, null));
        }
        return new PriceList(version, rows);
    }

    /** Back to the shape {@link #overrides} reads: what the Platform API shows and the store keeps. */
    public Map<String, Map<String, BigDecimal>> toMap() {
        Map<String, Map<String, BigDecimal>> out = new LinkedHashMap<>();
        for (PriceRow row : rows) {
            Map<String, BigDecimal> p = new LinkedHashMap<>();
            p.put("input", row.price().input());
            p.put("output", row.price().output());
            p.put("cachedInput", row.price().cachedInput());
            p.put("cacheWrite", row.price().cacheWrite());
            out.put(row.model(), p);
        }
        return out;
    }

    private static void checkModel(String model) {
        if (model.isEmpty()) {
            throw InvalidValueException.malformed("prices has an empty model id");
        }
        if (model.length() > MAX_MODEL) {
            throw InvalidValueException.refused("prices model ids are at most " + MAX_MODEL + " characters");
        }
        if (model.chars().anyMatch(c -> c < 0x20 || c == 0x7f || Character.isWhitespace(c))) {
            throw InvalidValueException.malformed("prices model ids must not contain spaces or control characters");
        }
        if (model.indexOf('*') >= 0 && model.indexOf('*') != model.length() - 1) {
            throw InvalidValueException.malformed("prices['" + model + "']: '*' may only end a model id (a family prefix such as gpt-4.1*)");
        }
    }

    /** A price in dollars per million tokens: a JSON number from 0 to {@link #MAX_PRICE}, at most six decimals. */
    static BigDecimal price(JsonNode row, String name, String field, BigDecimal fallback) {
        JsonNode value = row.get(name);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw InvalidValueException.malformed(field + "." + name + " is required (dollars per million tokens)");
            }
            return fallback;
        }
        if (!value.isNumber()) {
            throw InvalidValueException.malformed(field + "." + name + " must be a number (dollars per million tokens)");
        }
        BigDecimal price = value.decimalValue().stripTrailingZeros();
        if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0) {
            throw InvalidValueException.refused(field + "." + name + " must be from 0 to " + MAX_PRICE.toPlainString()
                    + " dollars per million tokens");
        }
        if (price.scale() > MAX_SCALE) {
            throw InvalidValueException.refused(field + "." + name + " has more than " + MAX_SCALE
                    + " decimals (prices are per million tokens: 0.000001 is a millionth of a dollar per million)");
        }
        return price.scale() < 0 ? price.setScale(0) : price;
    }
}
