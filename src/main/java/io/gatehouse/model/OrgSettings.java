package io.gatehouse.model;

import java.time.Instant;

/**
 * An organization's policy settings; {@link #defaults(String)} stands for an organization that never changed them.
 *
 * @param judgeAiLlmId   the configuration the judge calls, or null (no judge: rules detectors cannot decide are
 *                       treated as the judge failing)
 * @param failOpen       what a judge failure means: null = by action (closed for BLOCK/REDACT, open for LOG/ALERT)
 * @param asyncJudge     judge LOG and ALERT rules off the request path
 * @param judgeTimeoutMs null = the engine's configured default
 */
public record OrgSettings(String orgId, String judgeAiLlmId, String judgeModel, Boolean failOpen, boolean asyncJudge,
                          Integer judgeTimeoutMs, String updatedBy, Instant updatedAt) {

    public static OrgSettings defaults(String orgId) {
        return new OrgSettings(orgId, null, null, null, false, null, null, null);
    }
}
