package io.gatehouse.policy.detect;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy's natural-language rule (English) and picks the detectors it names: "Never send customer e-mail
 * addresses or phone numbers to the model" selects EMAIL and PHONE and needs no judge; "no PII" selects the
 * personal-data detectors and still needs the judge for names and postal addresses; "don't discuss competitors"
 * selects nothing. Words are compared in lower case and singular, hyphens split words ("e-mail" is "e mail").
 * <p>
 * The reading is deliberately conservative: the detectors decide a rule alone only when every word of it is
 * understood, as a named kind or as the wording rules are made of ("never", "send", "customer", "the model"). A
 * qualifier ("except", "only", "unless") or any word it does not know hands the rule to the judge, keeping the
 * named kinds as hints.
 */
public final class DetectorSelector {

    /** Broad phrases for whole categories; never complete, since each category holds more than detectors see. */
    private static final Map<DetectorCategory, List<String>> CATEGORY_PHRASES = new EnumMap<>(Map.of(
            DetectorCategory.PERSONAL, List.of("pii", "personal data", "personal information", "personal info",
                    "personal detail", "personally identifiable information", "personal identifiable information",
                    "personal identifying information", "sensitive personal data", "sensitive personal information",
                    "gdpr data", "phi"),
            DetectorCategory.CONTACT, List.of("contact detail", "contact information", "contact info",
                    "contact data"),
            DetectorCategory.FINANCIAL, List.of("financial data", "financial information", "financial detail",
                    "payment data", "payment information", "payment detail", "banking information", "pci data"),
            DetectorCategory.SECRET, List.of("secret", "credential", "api secret", "secret value", "sensitive token")));

    /** Sensitive things no detector finds: naming one keeps the judge in the loop. */
    private static final List<String> JUDGE_CONCEPTS = List.of("name", "full name", "first name", "last name",
            "surname", "address", "home address", "postal address", "street address", "mailing address",
            "date of birth", "dob", "birthday", "birth date", "password", "passphrase", "passcode", "pin",
            "passport", "passport number", "driver license", "driver licence", "driving license", "driving licence",
            "license number", "licence number", "medical record", "health record", "health data", "health information",
            "diagnosis", "salary", "location", "geolocation", "username", "login", "cvv", "cvc", "security code",
            "expiry date", "expiration date", "national insurance number", "tax number", "account credential");

    /** How rules are worded: these carry no content of their own. */
    private static final Set<String> RULE_WORDS = Set.of(
            "never", "not", "no", "dont", "do", "doesnt", "must", "mustnt", "should", "shouldnt", "shall", "may",
            "cannot", "cant", "can", "will", "wont", "avoid", "block", "prevent", "refuse", "reject", "forbid",
            "forbidden", "prohibit", "prohibited", "disallow", "disallowed", "deny", "stop", "redact", "mask",
            "remove", "strip", "hide", "filter", "scrub", "censor", "flag", "detect", "catch", "alert", "log",
            "report", "warn", "send", "sent", "sending", "share", "shared", "sharing", "include", "included",
            "including", "contain", "containing", "mention", "mentioning", "reveal", "disclose", "expose", "leak",
            "output", "return", "pass", "forward", "upload", "paste", "submit", "post", "provide", "give", "use",
            "put", "enter", "type", "write", "print", "display", "show", "transmit", "transfer", "be", "is", "are",
            "was", "were", "been", "being", "appear", "allowed", "permitted", "prompt", "input", "response", "reply",
            "answer", "completion", "message", "request", "conversation", "chat", "text", "content", "model",
            "llm", "ai", "assistant", "bot", "chatbot", "provider", "third", "party", "external", "service",
            "vendor", "the", "a", "an", "any", "all", "every", "each", "or", "and", "nor", "of", "to", "in", "into",
            "from", "with", "within", "our", "their", "your", "its", "my", "his", "her", "them", "they", "it",
            "this", "that", "these", "those", "such", "as", "like", "etc", "for", "on", "at", "by", "about", "via",
            "ever", "anywhere", "anything", "whatsoever", "circumstance", "under", "please", "also", "either",
            "neither", "there", "customer", "client", "user", "employee", "staff", "patient", "member", "people",
            "person", "individual", "someone", "anyone", "consumer", "colleague", "partner", "number", "data",
            "detail", "information", "info", "value", "string", "field", "record", "real", "actual", "valid",
            "raw", "full", "plain", "plaintext", "unmasked", "unredacted", "whole", "complete", "outgoing",
            "incoming", "outbound", "inbound", "e", "g", "eg", "ie", "kind", "form", "format", "sort");

    /** Words that narrow or invert what a rule names: only the judge can apply them. */
    private static final Set<String> QUALIFIERS = Set.of("except", "unless", "but", "only", "if", "when",
            "whenever", "allow", "permit", "other", "besides", "excluding", "exclude", "apart", "without",
            "outside", "unrelated", "than", "more", "fewer", "least", "most", "until", "after", "before");

    /** Words never stemmed: they end in 's' without being plurals. */
    private static final Set<String> NOT_PLURALS = Set.of("is", "was", "has", "does", "this", "its", "us", "as",
            "yes", "his", "always", "series", "various", "previous", "dns", "gps", "sms", "aws", "pos",
            "less", "unless", "whereas", "besides", "across");

    private final Map<List<String>, Meaning> phrases = new HashMap<>();
    private final int longestPhrase;

    /** What a phrase stands for: detector kinds, and whether they cover all of it. */
    private record Meaning(Set<String> kinds, boolean covers) {
        Meaning merge(Meaning other) {
            Set<String> union = new LinkedHashSet<>(kinds);
            union.addAll(other.kinds);
            return new Meaning(union, covers && other.covers);
        }
    }

    public DetectorSelector(Detectors detectors) {
        Map<DetectorCategory, Set<String>> byCategory = new EnumMap<>(DetectorCategory.class);
        for (Detector detector : detectors.all()) {
            for (Term term : detector.terms()) {
                add(term.phrase(), new Meaning(Set.of(detector.kind()), term.covers()));
            }
            for (DetectorCategory category : detector.categories()) {
                byCategory.computeIfAbsent(category, c -> new LinkedHashSet<>()).add(detector.kind());
            }
        }
        CATEGORY_PHRASES.forEach((category, list) -> list.forEach(phrase ->
                add(phrase, new Meaning(byCategory.getOrDefault(category, Set.of()), false))));
        JUDGE_CONCEPTS.forEach(phrase -> add(phrase, new Meaning(Set.of(), false)));
        longestPhrase = phrases.keySet().stream().mapToInt(List::size).max().orElse(1);
    }

    public static DetectorSelector standard() {
        return new DetectorSelector(Detectors.standard());
    }

    /** The detectors {@code policyText} names and how far they decide it. */
    public DetectorSelection select(String policyText) {
        List<String> words = words(policyText);
        Set<String> kinds = new LinkedHashSet<>();
        boolean covered = true;
        boolean understood = true;
        int i = 0;
        while (i < words.size()) {
            int matched = longestMatch(words, i);
            if (matched > 0) {
                Meaning meaning = phrases.get(words.subList(i, i + matched));
                kinds.addAll(meaning.kinds());
                covered &= meaning.covers();
                i += matched;
                continue;
            }
            String word = words.get(i);
            if (QUALIFIERS.contains(word) || !RULE_WORDS.contains(word)) {
                understood = false;
            }
            i++;
        }
        DetectorSelection.Coverage coverage;
        if (kinds.isEmpty() || !understood) {
            coverage = DetectorSelection.Coverage.JUDGE;
        } else {
            coverage = covered ? DetectorSelection.Coverage.DETECTORS : DetectorSelection.Coverage.DETECTORS_AND_JUDGE;
        }
        return new DetectorSelection(kinds, coverage);
    }

    /** Length of the longest known phrase starting at word {@code i}, or 0. */
    private int longestMatch(List<String> words, int i) {
        for (int length = Math.min(longestPhrase, words.size() - i); length > 0; length--) {
            if (phrases.containsKey(words.subList(i, i + length))) {
                return length;
            }
        }
        return 0;
    }

    private void add(String phrase, Meaning meaning) {
        phrases.merge(words(phrase), meaning, Meaning::merge);
    }

    /** Lower-case singular words; apostrophes vanish ("don't" is "dont"), other punctuation separates. */
    static List<String> words(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace("e.g.", " ").replace("i.e.", " ");
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            } else if ((c == '\'' || c == '’') && word.length() > 0) {
                continue;
            } else if (word.length() > 0) {
                words.add(singular(word.toString()));
                word.setLength(0);
            }
        }
        return words;
    }

    static String singular(String word) {
        if (word.length() < 3 || !word.endsWith("s") || word.endsWith("ss") || NOT_PLURALS.contains(word)) {
            return word;
        }
        if (word.endsWith("ies") && word.length() > 4) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("sses") || word.endsWith("xes") || word.endsWith("ches") || word.endsWith("shes")) {
            return word.substring(0, word.length() - 2);
        }
        return word.substring(0, word.length() - 1);
    }
}
