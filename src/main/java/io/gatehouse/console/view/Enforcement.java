package io.gatehouse.console.view;

import java.util.List;

/**
 * How a policy is enforced ({@code /policy}'s {@code enforcement}): {@code mode} DETECTORS, DETECTORS_AND_JUDGE or
 * JUDGE, the detector kinds, the words that need the judge, and whether the organization has one.
 */
public record Enforcement(String mode, List<String> detectors, List<String> unrecognized, boolean judgeConfigured) {

    /** The badge: who decides the rule. */
    public String badge() {
        return switch (mode) {
            case "DETECTORS" -> "Detectors";
            case "DETECTORS_AND_JUDGE" -> "Detectors + judge";
            default -> "Judge";
        };
    }

    /** The badge's CSS modifier: a rule needing a judge the organization lacks is a warning. */
    public String style() {
        if (mode.equals("DETECTORS")) {
            return "detectors";
        }
        return judgeConfigured ? "judge" : "unjudged";
    }

    /** Whether only a judge can decide (some of) the rule and the organization has none. */
    public boolean judgeMissing() {
        return !mode.equals("DETECTORS") && !judgeConfigured;
    }

    /** Why, in one sentence. */
    public String reason() {
        String kinds = String.join(", ", detectors);
        String words = unrecognized.isEmpty() ? "" : " because of \"" + String.join("\", \"", unrecognized) + "\"";
        String reading = switch (mode) {
            case "DETECTORS" -> "Detectors decide it alone (" + kinds + "): no judge call.";
            case "DETECTORS_AND_JUDGE" -> "Detectors find " + kinds + "; the judge decides the rest" + words + ".";
            default -> detectors.isEmpty()
                    ? "The judge decides it" + (words.isEmpty() ? ": it names nothing detectors find" : words) + "."
                    : "The judge decides it" + words + "; detectors (" + kinds + ") give hints.";
        };
        return mode.equals("DETECTORS") || judgeConfigured ? reading
                : reading + " No judge is configured: what only the judge can see is not checked.";
    }
}
