package io.gatehouse.platform.requests;

import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.Fields;
import io.gatehouse.store.Ids;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The filters of a request-log query, each optional and all of them narrowing: {@code startDate}/{@code endDate}
 * (default the last 24 hours up to now), {@code workspaceId}, {@code repoId}, {@code repoAiApiKeyId},
 * {@code llmModel}, {@code status} (a code such as {@code 429} or a class such as {@code 5xx}), {@code outcome}
 * ({@code ok}, {@code blocked}, {@code upstream_error}, …) and {@code requestId}.
 */
record RequestFilter(Instant from, Instant to, String workspaceId, String repoId, String keyId, String model,
                     Integer statusFrom, Integer statusTo, String outcome, String requestId) {
    static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    private static final Pattern STATUS_CLASS = Pattern.compile("[1-5]xx");
    private static final Pattern STATUS = Pattern.compile("[1-5][0-9][0-9]");
    private static final Pattern OUTCOME = Pattern.compile("[a-z_]{1,32}");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:/+=@-]{1,64}");

    static RequestFilter parse(ApiRequest req, Instant now) {
        Instant end = Fields.optionalInstant(req.query("endDate").orElse(null), "endDate");
        Instant start = Fields.optionalInstant(req.query("startDate").orElse(null), "startDate");
        Instant to = end != null ? end : now;
        Instant from = start != null ? start : to.minus(DEFAULT_RANGE);
        if (from.isAfter(to)) {
            throw ApiException.badRequest("startDate must not be after endDate (which defaults to now)");
        }
        String status = req.query("status").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        Integer statusFrom = null;
        Integer statusTo = null;
        if (status != null) {
            if (STATUS_CLASS.matcher(status).matches()) {
                statusFrom = (status.charAt(0) - '0') * 100;
                statusTo = statusFrom + 99;
            } else if (STATUS.matcher(status).matches()) {
                statusFrom = Integer.parseInt(status);
                statusTo = statusFrom;
            } else {
                throw ApiException.badRequest("status must be an HTTP status such as 429 or a class such as 5xx");
            }
        }
        return new RequestFilter(from, to, id(req, "workspaceId"), id(req, "repoId"), id(req, "repoAiApiKeyId"),
                Fields.optionalText(req.query("llmModel").filter(s -> !s.isBlank()).orElse(null), "llmModel", 200), statusFrom, statusTo,
                matching(req, "outcome", OUTCOME, "a word such as ok, blocked or upstream_error"),
                matching(req, "requestId", REQUEST_ID, "a request id (1 to 64 letters, digits and . _ : / + = @ -)"));
    }

    /** The SQL conditions after {@code WHERE org_id = :orgId …}, each starting with AND, and their bindings. */
    String conditions() {
        List<String> and = new ArrayList<>(List.of("ts >= :from", "ts <= :to"));
        bindings().keySet().stream().filter(k -> !k.equals("from") && !k.equals("to")).forEach(k -> and.add(switch (k) {
            case "workspaceId" -> "workspace_id = :workspaceId";
            case "repoId" -> "repo_id = :repoId";
            case "keyId" -> "api_key_id = :keyId";
            case "model" -> "llm_model = :model";
            case "statusFrom" -> "status >= :statusFrom";
            case "statusTo" -> "status <= :statusTo";
            case "outcome" -> "outcome = :outcome";
            case "requestId" -> "request_id = :requestId";
            default -> throw new IllegalStateException(k);
        }));
        return " AND " + String.join(" AND ", and);
    }

    /** The values of the filters given, by binding name (the dates always). */
    Map<String, Object> bindings() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("from", from);
        b.put("to", to);
        putPresent(b, "workspaceId", workspaceId);
        putPresent(b, "repoId", repoId);
        putPresent(b, "keyId", keyId);
        putPresent(b, "model", model);
        putPresent(b, "statusFrom", statusFrom);
        putPresent(b, "statusTo", statusTo);
        putPresent(b, "outcome", outcome);
        putPresent(b, "requestId", requestId);
        return b;
    }

    private static void putPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String id(ApiRequest req, String name) {
        String value = req.query(name).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (value != null && !Ids.isValid(value)) {
            throw ApiException.badRequest(name + " must be an id");
        }
        return value;
    }

    private static String matching(ApiRequest req, String name, Pattern pattern, String what) {
        String value = req.query(name).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (value != null && !pattern.matcher(value).matches()) {
            throw ApiException.badRequest(name + " must be " + what);
        }
        return value;
    }
}
