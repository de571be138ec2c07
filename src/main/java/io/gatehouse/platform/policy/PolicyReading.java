package io.gatehouse.platform.policy;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.platform.ApiException;
import io.gatehouse.policy.detect.DetectorSelection;
import io.gatehouse.policy.detect.DetectorSelector;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How a policy's rule is enforced, as the API shows it ({@code enforcement}), and the guard against a rule that
 * would silently block all traffic: an enabled BLOCK or REDACT rule that needs the judge, in an organization with
 * no judge, would fail closed on every request, so it is refused ({@code 422 judge_required}) when created or
 * changed, and so is removing the judge while such rules are enabled.
 */
public final class PolicyReading {
    static final String JUDGE_REQUIRED = "judge_required";
    private static final DetectorSelector SELECTOR = DetectorSelector.standard();

    private PolicyReading() {
    }

    public static DetectorSelection read(String content) {
        return SELECTOR.select(content);
    }

    /** Whether the organization has a judge: rules detectors cannot decide fail (open or closed) without one. */
    static boolean judgeConfigured(Handle h, String orgId) {
        return OrgSettingsStore.load(h, orgId).judgeAiLlmId() != null;
    }

    /** {@code {mode, detectors, unrecognized, judgeConfigured}} of a rule. */
    public static Map<String, Object> enforcement(DetectorSelection selection, boolean judgeConfigured) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("mode", selection.coverage().name());
        view.put("detectors", List.copyOf(new TreeSet<>(selection.kinds())));
        view.put("unrecognized", selection.unrecognized());
        view.put("judgeConfigured", judgeConfigured);
        return view;
    }

    /** Whether a policy in this state would block every request of an organization without a judge. */
    static boolean needsJudgeToLetTrafficThrough(String content, PolicyAction action, boolean enabled) {
        return enabled && action.stopsContent() && read(content).needsJudge();
    }

    /** Refuses a BLOCK/REDACT rule that needs the judge the organization does not have. */
    static ApiException judgeRequired(String content, PolicyAction action) {
        DetectorSelection selection = read(content);
        String rewording = SELECTOR.detectorOnlyWording(selection.kinds(), verb(action));
        StringBuilder message = new StringBuilder("This ").append(action.name()).append(" rule needs the policy judge")
                .append(" and the organization has none configured, so it would block every request. ")
                .append(why(selection));
        if (rewording != null) {
            message.append(" A wording the detectors decide alone: \"").append(rewording).append("\"");
        }
        message.append(" Configure a judge (PUT /organization/{orgId}/settings: judgeAiLlmId, judgeModel), reword the")
                .append(" rule, make it LOG or ALERT, or create it disabled.");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("enforcement", enforcement(selection, false));
        details.put("unrecognized", selection.unrecognized());
        details.put("suggestion", rewording);
        return new ApiException(422, JUDGE_REQUIRED, message.toString(), details);
    }

    /** Refuses removing the judge while enabled BLOCK/REDACT rules need it. */
    static void requireNoRuleNeedsJudge(Handle h, String orgId) {
        List<Map<String, Object>> needing = new ArrayList<>();
        for (Policy p : Policies.enabledOf(h, orgId)) {
            if (needsJudgeToLetTrafficThrough(p.content(), p.action(), p.enabled())) {
                DetectorSelection selection = read(p.content());
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", p.id());
                item.put("name", p.name());
                item.put("unrecognized", selection.unrecognized());
                item.put("suggestion", SELECTOR.detectorOnlyWording(selection.kinds(), verb(p.action())));
                needing.add(item);
            }
        }
        if (needing.isEmpty()) {
            return;
        }
        List<String> names = needing.stream().map(p -> "'" + p.get("name") + "'").toList();
        throw new ApiException(422, JUDGE_REQUIRED, "The judge cannot be removed: enabled BLOCK or REDACT "
                + (needing.size() == 1 ? "policy " : "policies ") + String.join(", ", names) + " need it and would"
                + " block every request without it. Reword them so detectors decide them alone, make them LOG or"
                + " ALERT, or disable them first.", Map.of("policies", needing));
    }

    private static String why(DetectorSelection selection) {
        if (!selection.unrecognized().isEmpty()) {
            return "The detectors do not decide these words: \"" + String.join("\", \"", selection.unrecognized()) + "\".";
        }
        if (!selection.kinds().isEmpty()) {
            return "The detectors cover only part of what it names.";
        }
        return "The rule names nothing the detectors find (e-mail addresses, phone numbers, payment card numbers,"
                + " IBANs, US social security numbers, IP addresses, API keys, private keys, JSON web tokens).";
    }

    private static String verb(PolicyAction action) {
        return action == PolicyAction.REDACT ? "Redact" : "Block";
    }
}
