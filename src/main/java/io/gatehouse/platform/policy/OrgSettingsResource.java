package io.gatehouse.platform.policy;

import io.gatehouse.store.SealedColumns;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.model.AlertWebhook;
import io.gatehouse.model.OrgSettings;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Fields;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.platform.aillm.AiLlms;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.store.Ids;
import io.gatehouse.store.SqlErrors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /organization/{orgId}/settings}: the organization's policy judge ({@code judgeAiLlmId} + {@code judgeModel}),
 * what a judge failure means ({@code failOpen}), whether LOG/ALERT rules are judged off the request path
 * ({@code asyncJudge}), the judge's time limit, and the alert webhooks. PUT changes the fields it names (a field
 * sent as null is reset); {@code webhooks}, when sent, replaces the whole list. A webhook's signing secret is
 * sealed to its row and never returned ({@code hasSecret} says whether there is one); a webhook sent with its
 * {@code id} and no {@code secret} keeps its secret, {@code "secret": ""} removes it. Organization owners and
 * administrators only.
 */
public final class OrgSettingsResource implements ApiResource {
    static final int MAX_WEBHOOKS = 20;
    static final int MAX_URL = 2048;
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 1024;
    static final int MIN_TIMEOUT_MS = 100;
    static final int MAX_TIMEOUT_MS = 120_000;

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final Clock clock;
    private final SecretBox box;

    public OrgSettingsResource(Jdbi jdbi, AuditLog audit, Clock clock, SecretBox box) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
        this.box = box;
    }

    record WebhookBody(String id, String url, String secret) {
    }

    record SettingsBody(String judgeAiLlmId, String judgeModel, Boolean failOpen, Boolean asyncJudge, Integer judgeTimeoutMs,
                        List<WebhookBody> webhooks) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/organization/{orgId}/settings", this::get);
        routes.put("/organization/{orgId}/settings", this::update);
    }

    private Reply get(ApiRequest req) {
        Principal caller = managerOf(req);
        return jdbi.withHandle(h -> Reply.ok("settings", view(OrgSettingsStore.load(h, caller.orgId()),
                OrgSettingsStore.webhooks(h, caller.orgId()))));
    }

    private Reply update(ApiRequest req) {
        Principal caller = managerOf(req);
        SettingsBody body = req.body(SettingsBody.class);
        Set<String> sent = req.bodyFields();
        String judgeModel = Fields.optionalName(body.judgeModel(), "judgeModel", 200);
        if (sent.contains("asyncJudge") && body.asyncJudge() == null) {
            throw ApiException.badRequest("asyncJudge must be true or false");
        }
        Integer timeout = body.judgeTimeoutMs();
        if (timeout != null && (timeout < MIN_TIMEOUT_MS || timeout > MAX_TIMEOUT_MS)) {
            throw ApiException.invalid("judgeTimeoutMs must be between " + MIN_TIMEOUT_MS + " and " + MAX_TIMEOUT_MS);
        }
        if (sent.contains("webhooks") && body.webhooks() == null) {
            throw ApiException.badRequest("webhooks must be an array (send [] to remove every webhook)");
        }
        String orgId = caller.orgId();
        Instant now = Instant.now(clock);
        Map<String, Object> saved = SqlErrors.unique(() -> jdbi.inTransaction(h -> {
            OrgSettings current = OrgSettingsStore.load(h, orgId);
            String judge = sent.contains("judgeAiLlmId") ? judgeOf(h, orgId, body.judgeAiLlmId()) : current.judgeAiLlmId();
            String model = sent.contains("judgeModel") ? judgeModel : current.judgeModel();
            if (judge == null && current.judgeAiLlmId() != null) {
                PolicyReading.requireNoRuleNeedsJudge(h, orgId);
            }
            if (judge != null && model == null) {
                throw ApiException.invalid("judgeModel is required with judgeAiLlmId: the model the judge asks, such as gpt-4o-mini");
            }
            OrgSettings next = new OrgSettings(orgId, judge, model,
                    sent.contains("failOpen") ? body.failOpen() : current.failOpen(),
                    sent.contains("asyncJudge") ? body.asyncJudge() : current.asyncJudge(),
                    sent.contains("judgeTimeoutMs") ? timeout : current.judgeTimeoutMs(), caller.userId(), now);
            OrgSettingsStore.save(h, next);
            List<AlertWebhook> webhooks = OrgSettingsStore.webhooks(h, orgId);
            if (body.webhooks() != null) {
                webhooks = webhooks(orgId, body.webhooks(), webhooks, now);
                OrgSettingsStore.replaceWebhooks(h, orgId, webhooks);
            }
            audit.record(h, AuditLog.by(caller, null, AuditContext.ORGSETTINGS, orgId, AuditAction.UPDATED, describe(next, webhooks)));
            // Read back, so the answer shows what is stored (timestamps at the store's precision).
            return view(OrgSettingsStore.load(h, orgId), OrgSettingsStore.webhooks(h, orgId));
        }), () -> ApiException.conflict("The settings were changed at the same time; send them again"));
        return Reply.ok("message", "Settings saved").put("settings", saved);
    }

    /** Settings are the organization managers': another organization's answers 404, a plain member 403. */
    private static Principal managerOf(ApiRequest req) {
        Principal caller = req.principal();
        Access.requireOwnOrg(caller, req.pathParam("orgId"));
        Access.requireOrgManager(caller);
        return caller;
    }

    /** The judge's configuration: null, or one of the organization's (any other id answers 404). */
    private static String judgeOf(Handle h, String orgId, String raw) {
        if (raw == null) {
            return null;
        }
        String id = raw.trim();
        if (!Ids.isValid(id) || AiLlms.byId(h, id).filter(c -> c.orgId().equals(orgId)).isEmpty()) {
            throw ApiException.notFound("AI LLM configuration (judgeAiLlmId)");
        }
        return id;
    }

    /** The webhook list a PUT asks for, checked, with secrets sealed and kept ones carried over. */
    private List<AlertWebhook> webhooks(String orgId, List<WebhookBody> requested, List<AlertWebhook> existing, Instant now) {
        if (requested.size() > MAX_WEBHOOKS) {
            throw ApiException.invalid("At most " + MAX_WEBHOOKS + " webhooks");
        }
        Map<String, AlertWebhook> byId = existing.stream().collect(Collectors.toMap(AlertWebhook::id, Function.identity()));
        Set<String> seen = new HashSet<>();
        List<AlertWebhook> out = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            WebhookBody w = requested.get(i);
            String field = "webhooks[" + i + "]";
            if (w == null) {
                throw ApiException.badRequest(field + " must be an object with url and optionally id and secret");
            }
            String url = webhookUrl(w.url(), field + ".url");
            AlertWebhook kept = null;
            if (w.id() != null) {
                kept = byId.get(w.id().trim());
                if (kept == null) {
                    throw ApiException.notFound("Webhook " + field + ".id");
                }
                if (!seen.add(kept.id())) {
                    throw ApiException.badRequest(field + ".id names a webhook already listed");
                }
            }
            String id = kept == null ? Ids.newId() : kept.id();
            String sealed;
            if (w.secret() == null) {
                sealed = kept == null ? null : kept.secretSealed();
            } else if (w.secret().isEmpty()) {
                sealed = null;
            } else {
                sealed = box.seal(signingSecret(w.secret(), field + ".secret"), SealedColumns.WEBHOOK_SECRET.context(id));
            }
            // New webhooks a microsecond apart: the list is shown oldest first, so they keep the order they were given in.
            out.add(new AlertWebhook(id, orgId, url, sealed, kept == null ? now.plus(i, ChronoUnit.MICROS) : kept.createdAt()));
        }
        return out;
    }

    /** An http(s) URL with a host; credentials belong in the secret, not the URL (which is shown and audited by host). */
    private static String webhookUrl(String raw, String field) {
        String value = Fields.requireText(raw, field, MAX_URL);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw ApiException.invalid(field + " must be an http(s) URL such as https://hooks.example.com/gatehouse");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.isOpaque() || uri.getHost() == null) {
            throw ApiException.invalid(field + " must be an http(s) URL such as https://hooks.example.com/gatehouse");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalid(field + " must not contain credentials; give a signing secret instead");
        }
        return value;
    }

    private static String signingSecret(String secret, String field) {
        if (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
            throw ApiException.invalid(field + " must be " + MIN_SECRET + " to " + MAX_SECRET + " characters (a random string)");
        }
        if (secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ApiException.invalid(field + " must not contain control characters");
        }
        return secret;
    }

    /** Audit details: the settings and where webhooks point (host only: paths often hold tokens), never a secret. */
    private static Map<String, Object> describe(OrgSettings s, List<AlertWebhook> webhooks) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("judgeAiLlmId", s.judgeAiLlmId());
        details.put("judgeModel", s.judgeModel());
        details.put("failOpen", s.failOpen());
        details.put("asyncJudge", s.asyncJudge());
        details.put("judgeTimeoutMs", s.judgeTimeoutMs());
        details.put("webhooks", webhooks.stream().map(w -> Map.of("id", w.id(), "host", URI.create(w.url()).getHost(),
                "signed", w.signed())).toList());
        return details;
    }

    /**
     * The policy judge's settings as shown (also, read-only, in {@code /settings/organization}): which configuration
     * and model judge, and how; the configuration's credentials are never part of it.
     */
    public static Map<String, Object> judgeView(OrgSettings s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("orgId", s.orgId());
        view.put("judgeAiLlmId", s.judgeAiLlmId());
        view.put("judgeModel", s.judgeModel());
        view.put("failOpen", s.failOpen());
        view.put("asyncJudge", s.asyncJudge());
        view.put("judgeTimeoutMs", s.judgeTimeoutMs());
        return view;
    }

    private static Map<String, Object> view(OrgSettings s, List<AlertWebhook> webhooks) {
        Map<String, Object> view = judgeView(s);
        List<Map<String, Object>> hooks = new ArrayList<>();
        for (AlertWebhook w : webhooks) {
            Map<String, Object> hook = new LinkedHashMap<>();
            hook.put("id", w.id());
            hook.put("url", w.url());
            hook.put("hasSecret", w.signed());
            hook.put("createdAt", w.createdAt());
            hooks.add(hook);
        }
        view.put("webhooks", hooks);
        view.put("updatedBy", s.updatedBy());
        view.put("updatedAt", s.updatedAt());
        return view;
    }
}
