package io.gatehouse.platform.dashboard;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a dashboard counts: the roll-up columns it sums, how a sum becomes the vendor's metrics object, and its
 * headline value (the one {@code summary} and the breakdowns' order are over). A family's traffic is all of the
 * roll-up's unless it says otherwise: the AI gateway's leaves private chat out, private chat's is only that.
 */
enum Family {
    /**
     * {@code AiGatewayMetrics}, and Gatehouse's {@code cost} (US dollars of the priced requests); the headline is
     * requests. {@code activeConversations} is counted from the conversation roll-ups, in the slot after the sums.
     */
    AI(Source.USAGE, Traffic.APPLICATIONS, List.of("tokens_in", "tokens_out", "llm_tokens_in", "llm_tokens_out",
            "api_calls", "latency_ms_sum", "cost_micros")) {
        @Override
        Map<String, Object> metrics(long[] c) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tokensIn", c[0]);
            m.put("tokensOut", c[1]);
            m.put("policyTokensIn", c[2]);
            m.put("policyTokensOut", c[3]);
            m.put("requests", c[4]);
            m.put("activeConversations", c[7]);
            m.put("latencyMs", c[4] == 0 ? 0L : Math.round((double) c[5] / c[4]));
            m.put("cost", BigDecimal.valueOf(c[6], 6));
            return m;
        }

        @Override
        double headline(long[] c) {
            return c[4];
        }

        @Override
        boolean countsConversations() {
            return true;
        }
    },
    /** {@code PrivateChatMetrics}; the headline is requests. */
    PRIVATE_CHAT(Source.USAGE, Traffic.PRIVATE_CHAT, List.of("tokens_in", "tokens_out", "api_calls")) {
        @Override
        Map<String, Object> metrics(long[] c) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tokensIn", c[0]);
            m.put("tokensOut", c[1]);
            m.put("requests", c[2]);
            return m;
        }

        @Override
        double headline(long[] c) {
            return c[2];
        }
    },
    /**
     * {@code PolicyMetrics} of all traffic from the usage roll-ups; the headline is violations. {@code blocks}
     * counts blocked requests (a request blocked by two rules once).
     */
    POLICIES(Source.USAGE, Traffic.ALL, List.of("policy_violations", "alerts", "blocks", "severity_low",
            "severity_medium", "severity_high", "llm_tokens_in", "llm_tokens_out")) {
        @Override
        Map<String, Object> metrics(long[] c) {
            Map<String, Object> m = enforcement(c);
            m.put("policyTokensIn", c[6]);
            m.put("policyTokensOut", c[7]);
            return m;
        }

        @Override
        double headline(long[] c) {
            return c[0];
        }
    },
    /** {@code PolicyTokenMetrics}: what the policy judge spent; the headline is its tokens in and out together. */
    POLICY_TOKENS(Source.USAGE, Traffic.ALL, List.of("llm_tokens_in", "llm_tokens_out")) {
        @Override
        Map<String, Object> metrics(long[] c) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("policyTokensIn", c[0]);
            m.put("policyTokensOut", c[1]);
            return m;
        }

        @Override
        double headline(long[] c) {
            return c[0] + c[1];
        }
    },
    /**
     * {@code PolicyMetrics} of one rule ({@code /v2/stats/policies?ruleId=}), from the policy-rule roll-ups. The
     * judge's tokens are spent per request, not per rule, so a rule's token fields are 0.
     */
    RULE(Source.RULES, Traffic.ALL, List.of("violations", "alerts", "blocks", "severity_low", "severity_medium",
            "severity_high")) {
        @Override
        Map<String, Object> metrics(long[] c) {
            Map<String, Object> m = enforcement(c);
            m.put("policyTokensIn", 0L);
            m.put("policyTokensOut", 0L);
            return m;
        }

        @Override
        double headline(long[] c) {
            return c[0];
        }
    },
    /**
     * {@code PolicyEnforcementMetrics} per rule from the policy-rule roll-ups; the headline is violations. Here
     * {@code blocks} counts the rule's violations that refused the request.
     */
    RULES(Source.RULES, Traffic.ALL, List.of("violations", "alerts", "blocks", "severity_low", "severity_medium",
            "severity_high")) {
        @Override
        Map<String, Object> metrics(long[] c) {
            return enforcement(c);
        }

        @Override
        double headline(long[] c) {
            return c[0];
        }
    },
    /**
     * {@code PolicyEnforcementMetrics} per end user (the user the requests named, gateway attribution) from the
     * per-user roll-ups; the headline is violations, {@code blocks} counts blocked requests.
     */
    END_USERS(Source.END_USERS, Traffic.ALL, List.of("policy_violations", "alerts", "blocks", "severity_low",
            "severity_medium", "severity_high")) {
        @Override
        Map<String, Object> metrics(long[] c) {
            return enforcement(c);
        }

        @Override
        double headline(long[] c) {
            return c[0];
        }
    };

    /** The roll-up tables a family reads. */
    enum Source {
        USAGE("usage_hour", "usage_day"),
        RULES("policy_rule_hour", "policy_rule_day"),
        END_USERS("usage_user_hour", "usage_user_day"),
        /** Requests that named an end user or a conversation, with every usage dimension (V17, V24). */
        CONVERSATIONS("usage_conversation_hour", "usage_conversation_day");

        private final String hourTable;
        private final String dayTable;

        Source(String hourTable, String dayTable) {
            this.hourTable = hourTable;
            this.dayTable = dayTable;
        }

        String table(Window.Granularity granularity) {
            return granularity == Window.Granularity.HOUR ? hourTable : dayTable;
        }
    }

    /** Whose requests count: private chat's are those made with a conversation's key (V18 {@code kind}). */
    enum Traffic {
        ALL(""),
        APPLICATIONS(" AND u.api_key_id NOT IN (SELECT ck.id FROM repo_ai_key ck WHERE ck.kind = 'conversation')"),
        PRIVATE_CHAT(" AND u.api_key_id IN (SELECT ck.id FROM repo_ai_key ck WHERE ck.kind = 'conversation')");

        private final String condition;

        Traffic(String condition) {
            this.condition = condition;
        }

        String condition() {
            return condition;
        }
    }

    private final Source source;
    private final Traffic traffic;
    private final List<String> columns;

    Family(Source source, Traffic traffic, List<String> columns) {
        this.source = source;
        this.traffic = traffic;
        this.columns = columns;
    }

    /**
     * The roll-up a family reads when split by {@code by} (null: not split): a usage family split per end user or
     * conversation reads the conversation roll-up, which has every usage dimension besides.
     */
    Source source(Dimension by) {
        return source == Source.USAGE && by != null && by.attribution() ? Source.CONVERSATIONS : source;
    }

    Traffic traffic() {
        return traffic;
    }

    /** The summed roll-up columns, in the order {@link #metrics} and {@link #headline} read them. */
    List<String> columns() {
        return columns;
    }

    /**
     * Whether the metrics hold the distinct conversations the requests named: then a family's values are its
     * {@link #columns()} sums followed by that count ({@link #width()}).
     */
    boolean countsConversations() {
        return false;
    }

    /** How many values {@link #metrics} and {@link #headline} read. */
    int width() {
        return columns.size() + (countsConversations() ? 1 : 0);
    }

    abstract Map<String, Object> metrics(long[] values);

    abstract double headline(long[] values);

    private static Map<String, Object> enforcement(long[] c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("violations", c[0]);
        m.put("alerts", c[1]);
        m.put("blocks", c[2]);
        m.put("severityLow", c[3]);
        m.put("severityMedium", c[4]);
        m.put("severityHigh", c[5]);
        return m;
    }
}
