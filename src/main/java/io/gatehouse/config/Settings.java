package io.gatehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Raw settings merged from the configuration file, the environment and command-line flags, the later
 * source winning. Keys are compared without case or separators, so {@code gateway.port} in the file,
 * {@code GATEHOUSE_GATEWAY_PORT} in the environment and {@code --set gateway.port=…} on the command
 * line name the same setting.
 */
public final class Settings {
    static final String ENV_PREFIX = "GATEHOUSE_";

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Merges the sources in precedence order: file, then environment, then flags. */
    public static Settings load(Path file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> merged = new HashMap<>();
        if (file != null) {
            readFile(file).forEach((k, v) -> merged.put(canonical(k), v));
        }
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) && !v.isEmpty()) {
                merged.put(canonical(k.substring(ENV_PREFIX.length())), v);
            }
        });
        flags.forEach((k, v) -> merged.put(canonical(k), v));
        return new Settings(merged);
    }

    public static Settings of(Map<String, String> values) {
        Map<String, String> canonical = new HashMap<>();
        values.forEach((k, v) -> canonical.put(canonical(k), v));
        return new Settings(canonical);
    }

    static String canonical(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(canonical(key)));
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        return get(key).map(v -> parseInt(key, v)).orElse(fallback);
    }

    public long getLong(String key, long fallback) {
        return get(key).map(v -> parseLong(key, v)).orElse(fallback);
    }

    public boolean getBoolean(String key, boolean fallback) {
        return get(key).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException("Setting " + key + " must be true or false, got '" + v + "'");
        }).orElse(fallback);
    }

    /** A duration written as milliseconds ({@code 1500}) or with a unit ({@code 250ms}, {@code 30s}, {@code 5m}). */
    public Duration getDuration(String key, Duration fallback) {
        return get(key).map(v -> parseDuration(key, v)).orElse(fallback);
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("Setting " + key + " must be a whole number, got '" + v + "'");
        }
    }

    private static long parseLong(String key, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("Setting " + key + " must be a whole number, got '" + v + "'");
        }
    }

    static Duration parseDuration(String key, String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()) * 60);
            }
            if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
            }
            if (v.endsWith("d")) {
                return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1).trim()));
            }
            return Duration.ofMillis(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new ConfigException("Setting " + key + " must be a duration such as 500ms, 30s or 5m, got '" + raw + "'");
        }
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Configuration file " + file + " does not exist");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, String> flat = new HashMap<>();
        try {
            if (name.endsWith(".properties")) {
                java.util.Properties props = new java.util.Properties();
                try (var in = Files.newBufferedReader(file)) {
                    props.load(in);
                }
                props.forEach((k, v) -> flat.put(k.toString(), v.toString()));
            } else {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
                if (root != null && !root.isMissingNode() && !root.isNull()) {
                    if (!root.isObject()) {
                        throw new ConfigException("Configuration file " + file + " must hold a mapping of settings");
                    }
                    flatten("", root, flat);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
        }
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
            }
        } else if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode item : node) {
                if (!joined.isEmpty()) {
                    joined.append(',');
                }
                joined.append(item.asText());
            }
            out.put(prefix, joined.toString());
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    /** Names of the settings present, for diagnostics; never their values. */
    @Override
    public String toString() {
        return "Settings" + values.keySet();
    }
}
