package io.gatehouse.platform.policy;

import io.gatehouse.model.AlertWebhook;
import io.gatehouse.model.OrgSettings;
import io.gatehouse.store.Columns;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;

/** SQL for organization settings and alert webhooks. */
public final class OrgSettingsStore {
    private static final RowMapper<OrgSettings> SETTINGS = (rs, ctx) -> new OrgSettings(rs.getString("org_id"),
            rs.getString("judge_ai_llm_id"), rs.getString("judge_model"), Columns.nullableBoolean(rs, "fail_open"),
            rs.getBoolean("async_judge"), Columns.nullableInt(rs, "judge_timeout_ms"), rs.getString("updated_by"),
            Columns.instant(rs, "updated_at"));

    private static final RowMapper<AlertWebhook> WEBHOOK = (rs, ctx) -> new AlertWebhook(rs.getString("id"),
            rs.getString("org_id"), rs.getString("url"), rs.getString("secret_sealed"),
            Columns.instant(rs, "created_at"));

    private OrgSettingsStore() {
    }

    /** The organization's settings, or the defaults when it never changed them. */
    public static OrgSettings load(Handle h, String orgId) {
        return h.createQuery("SELECT * FROM org_settings WHERE org_id = :org").bind("org", orgId).map(SETTINGS)
                .findOne().orElseGet(() -> OrgSettings.defaults(orgId));
    }

    /** The organization's webhooks, oldest first. */
    public static List<AlertWebhook> webhooks(Handle h, String orgId) {
        return h.createQuery("SELECT * FROM alert_webhook WHERE org_id = :org ORDER BY created_at, id")
                .bind("org", orgId).map(WEBHOOK).list();
    }

    static void save(Handle h, OrgSettings s) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM org_settings WHERE org_id = :orgId")
                .bind("orgId", s.orgId()).mapTo(Long.class).one() > 0;
        h.createUpdate(exists ? """
                        UPDATE org_settings SET judge_ai_llm_id = :judgeAiLlmId, judge_model = :judgeModel, fail_open = :failOpen,
                            async_judge = :asyncJudge, judge_timeout_ms = :judgeTimeoutMs, updated_by = :updatedBy,
                            updated_at = :updatedAt WHERE org_id = :orgId"""
                        : """
                        INSERT INTO org_settings (org_id, judge_ai_llm_id, judge_model, fail_open, async_judge, judge_timeout_ms,
                            updated_by, updated_at)
                        VALUES (:orgId, :judgeAiLlmId, :judgeModel, :failOpen, :asyncJudge, :judgeTimeoutMs, :updatedBy, :updatedAt)""")
                .bind("orgId", s.orgId()).bind("judgeAiLlmId", s.judgeAiLlmId()).bind("judgeModel", s.judgeModel())
                .bind("failOpen", s.failOpen()).bind("asyncJudge", s.asyncJudge()).bind("judgeTimeoutMs", s.judgeTimeoutMs())
                .bind("updatedBy", s.updatedBy()).bind("updatedAt", s.updatedAt())
                .execute();
    }

    /** Makes {@code webhooks} the organization's whole list: others are removed, known ids updated, new ones added. */
    static void replaceWebhooks(Handle h, String orgId, List<AlertWebhook> webhooks) {
        List<String> keep = webhooks.stream().map(AlertWebhook::id).toList();
        for (AlertWebhook old : webhooks(h, orgId)) {
            if (!keep.contains(old.id())) {
                h.createUpdate("DELETE FROM alert_webhook WHERE id = :id").bind("id", old.id()).execute();
            }
        }
        for (AlertWebhook w : webhooks) {
            int updated = h.createUpdate("UPDATE alert_webhook SET url = :url, secret_sealed = :secretSealed WHERE id = :id AND org_id = :orgId")
                    .bindMethods(w).execute();
            if (updated == 0) {
                h.createUpdate("""
                                INSERT INTO alert_webhook (id, org_id, url, secret_sealed, created_at)
                                VALUES (:id, :orgId, :url, :secretSealed, :createdAt)""")
                        .bindMethods(w).execute();
            }
        }
    }

    /** Used by the deletion of a configuration: is it some organization's judge? */
    public static boolean isJudge(Handle h, String aiLlmId) {
        return h.createQuery("SELECT COUNT(*) FROM org_settings WHERE judge_ai_llm_id = :id").bind("id", aiLlmId)
                .mapTo(Long.class).one() > 0;
    }
}
