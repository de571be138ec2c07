package io.gatehouse.platform.policy;

import io.gatehouse.policy.detect.DetectorSelection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What Gatehouse knows for certain about a rule's wording, without asking any model: how the detectors read it
 * ({@link PolicyReading}), and rules too short, too long, vague, or both allowing and forbidding. The advice
 * endpoints answer this alone when the organization has no judge, and bound the judge's assessment by it when
 * it has one.
 */
final class PolicyLinter {
    static final List<String> SEVERITIES = List.of("none", "low", "medium", "high");
    private static final Pattern VAGUE = Pattern.compile("\\b(inappropriate|bad|harmful stuff|sensitive stuff|etc"
            + "|and so on|and the like|be careful|use common sense|anything (bad|wrong|harmful)|things like that)\\b");
    private static final Pattern FORBIDS = Pattern.compile("\\b(never|block|forbid|forbidden|must not|do not|don't|no)\\b");
    private static final Pattern ALLOWS = Pattern.compile("\\b(always allow|is allowed|are allowed|always permit"
            + "|is permitted|are permitted|may always)\\b");
    private static final Pattern QUALIFIES = Pattern.compile("\\b(except|unless|but|only|other than)\\b");

    private PolicyLinter() {
    }

    /** The certain findings about one rule: its detector reading, issues, the highest score it can get, severity. */
    record Lint(DetectorSelection selection, List<Map<String, Object>> issues, int maxScore, String severity) {

        /** One sentence on who decides the rule, for the advice text. */
        String detectorNote() {
            String kinds = String.join(", ", new TreeSet<>(selection.kinds()));
            String words = selection.unrecognized().isEmpty() ? ""
                    : " (because of \"" + String.join("\", \"", selection.unrecognized()) + "\")";
            return switch (selection.coverage()) {
                case DETECTORS -> "Gatehouse's detectors enforce this rule exactly (" + kinds + "): fast, and no judge call.";
                case DETECTORS_AND_JUDGE -> "Detectors catch part of this rule (" + kinds + "); the judge decides the rest"
                        + words + ".";
                case JUDGE -> kinds.isEmpty()
                        ? "Only the LLM judge can decide this rule" + words + ": each request it applies to costs a judge call."
                        : "The LLM judge decides this rule" + words + "; detectors (" + kinds + ") give it hints.";
            };
        }
    }

    static Lint lint(String content) {
        List<Map<String, Object>> issues = new ArrayList<>();
        int maxScore = 100;
        String severity = "none";
        String text = content.toLowerCase(Locale.ROOT);
        int words = content.strip().split("\\s+").length;
        if (words < 4 || content.length() < 20) {
            issues.add(issue("clarity", "The rule is too short to say what is forbidden and when.",
                    "Name what must not appear and where, e.g. \"Never send customer e-mail addresses or phone numbers"
                            + " to the model.\""));
            maxScore = 30;
            severity = "high";
        }
        if (content.length() > 1500) {
            issues.add(issue("verbosity", "The rule is long (" + content.length() + " characters): every request it"
                    + " applies to carries it to the judge, and long rules are applied less consistently.",
                    "Split it into several short policies, one concern each."));
            maxScore = Math.min(maxScore, 70);
            severity = worse(severity, "medium");
        }
        var vague = VAGUE.matcher(text);
        if (vague.find()) {
            issues.add(issue("ambiguity", "\"" + vague.group() + "\" leaves the decision to whoever reads the rule.",
                    "Say exactly which content is meant, with an example."));
            maxScore = Math.min(maxScore, 60);
            severity = worse(severity, "medium");
        }
        if (FORBIDS.matcher(text).find() && ALLOWS.matcher(text).find() && !QUALIFIES.matcher(text).find()) {
            issues.add(issue("clarity", "The rule both allows and forbids without saying which wins.",
                    "State the prohibition and its exception explicitly (\"… except …\")."));
            maxScore = Math.min(maxScore, 50);
            severity = worse(severity, "medium");
        }
        return new Lint(PolicyReading.read(content), issues, maxScore, severity);
    }

    static Map<String, Object> issue(String type, String description, String suggestion) {
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("type", type);
        issue.put("description", description);
        issue.put("suggestion", suggestion);
        return issue;
    }

    static String worse(String a, String b) {
        int i = SEVERITIES.indexOf(a);
        int j = SEVERITIES.indexOf(b);
        return j > i ? b : a;
    }
}
