package io.gatehouse.policy.detect;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a policy's natural-language rule (English) and picks the detectors it names: "Never send customer e-mail
 * addresses or phone numbers to the model" selects EMAIL and PHONE and needs no judge; "no PII" selects the
 * personal-data detectors and still needs the judge for names and postal addresses; "don't discuss competitors"
 * selects nothing.
 * <p>
 * Each word or phrase of a rule plays one role ({@link RuleVocabulary}): it names a detector's kind (wholly or in
 * part), a category of kinds, a sensitive thing no detector finds, a qualifier, or it is harmless wording — how
 * rules are phrased, where data goes ("the LLM", "before it reaches OpenAI"), who sends it ("employees"), the
 * channel ("in prompts or answers") or a variety of a kind ("credit or debit", "cell", "US"). A few words depend on
 * their neighbours: "allowed" qualifies unless negated ("not allowed"), "if" and "when" are harmless when they
 * introduce what the rule looks for ("if it contains"), "outside" is harmless before a destination ("outside the
 * company"), and a negated enforcement verb ("don't block") inverts the rule. A word it does not know is first
 * read as a one-edit typo of a word it knows ("crad" is "card"), else it sends the rule to the judge.
 * <p>
 * The detectors decide a rule alone only when it names kinds and nothing else of substance: any qualifier or
 * unknown word gives it to the judge (keeping the kinds as hints), a sensitive thing or a partial term adds the
 * judge. The words behind that (including partly covered terms such as "PII") are the selection's
 * {@code unrecognized}. Deterministic; a few microseconds a rule.
 */
public final class DetectorSelector {

    /** Words never stemmed: they end in 's' without being plurals. */
    private static final Set<String> NOT_PLURALS = Set.of("is", "was", "has", "does", "this", "its", "us", "as",
            "yes", "his", "always", "series", "various", "previous", "dns", "gps", "sms", "aws", "pos",
            "less", "unless", "whereas", "besides", "across", "whatsapp", "regardless", "thanks", "pls", "plz",
            "amex", "express", "dss", "sus", "bus", "plus", "ups", "hers", "yours", "theirs", "ours", "status",
            "premises", "business", "process", "access", "address", "class", "pass", "press", "glass");

    /** A sentence break; no phrase spans one. */
    private static final String BREAK = ".";

    private enum Role { KIND, SENSITIVE, QUALIFIER, HARMLESS }

    /** What a phrase stands for: its role, detector kinds, and whether they cover all of it. */
    private record Meaning(Role role, Set<String> kinds, boolean covers) {
        Meaning merge(Meaning other) {
            if (role != other.role) {
                // A phrase that is both a kind and something else (e.g. a variety) is the kind.
                return role.ordinal() <= other.role.ordinal() ? this : other;
            }
            Set<String> union = new LinkedHashSet<>(kinds);
            union.addAll(other.kinds);
            return new Meaning(role, union, covers && other.covers);
        }
    }

    /** How a detector-only rewording names each kind. */
    private static final Map<String, String> KIND_NOUNS = Map.of(EmailDetector.KIND, "e-mail addresses",
            PhoneDetector.KIND, "phone numbers", CardDetector.KIND, "payment card numbers", IbanDetector.KIND, "IBANs",
            SsnDetector.KIND, "US social security numbers", IpAddressDetector.KIND, "IP addresses",
            ApiKeyDetector.KIND, "API keys", PrivateKeyDetector.KIND, "private keys", JwtDetector.KIND, "JSON web tokens");

    private static final Meaning HARMLESS = new Meaning(Role.HARMLESS, Set.of(), true);

    private final Map<List<String>, Meaning> phrases = new HashMap<>();
    private final Set<String> knownWords = new HashSet<>();
    /** Known words, in a fixed order, for typo correction (words that carry meaning before harmless ones). */
    private final List<String> typoTargets;
    private final Map<String, String> rewordings = new HashMap<>();
    private final int longestPhrase;

    public DetectorSelector(Detectors detectors) {
        Map<DetectorCategory, Set<String>> byCategory = new EnumMap<>(DetectorCategory.class);
        for (Detector detector : detectors.all()) {
            for (Term term : detector.terms()) {
                add(term.phrase(), new Meaning(Role.KIND, Set.of(detector.kind()), term.covers()));
            }
            for (DetectorCategory category : detector.categories()) {
                byCategory.computeIfAbsent(category, c -> new LinkedHashSet<>()).add(detector.kind());
            }
        }
        RuleVocabulary.CATEGORY_PHRASES.forEach((category, list) -> list.forEach(phrase ->
                add(phrase, new Meaning(Role.KIND, byCategory.getOrDefault(category, Set.of()), false))));
        RuleVocabulary.SENSITIVE.forEach(phrase -> add(phrase, new Meaning(Role.SENSITIVE, Set.of(), false)));
        RuleVocabulary.QUALIFIERS.forEach(phrase -> add(phrase, new Meaning(Role.QUALIFIER, Set.of(), false)));
        RuleVocabulary.HARMLESS.forEach(phrase -> add(phrase, HARMLESS));
        phrases.keySet().forEach(knownWords::addAll);
        knownWords.addAll(RuleVocabulary.PERMITS);
        knownWords.addAll(RuleVocabulary.CONDITIONS);
        knownWords.addAll(RuleVocabulary.NEGATIONS);
        List<String> meaningful = new ArrayList<>(new TreeSet<>(knownWords));
        meaningful.sort((a, b) -> Boolean.compare(isHarmlessWord(a), isHarmlessWord(b)));
        typoTargets = List.copyOf(meaningful);
        longestPhrase = phrases.keySet().stream().mapToInt(List::size).max().orElse(1);
    }

    public static DetectorSelector standard() {
        return new DetectorSelector(Detectors.standard());
    }

    /** The detectors {@code policyText} names, how far they decide it, and the words that need the judge. */
    public DetectorSelection select(String policyText) {
        List<Word> words = corrected(tokens(policyText));
        Set<String> kinds = new LinkedHashSet<>();
        Set<String> unrecognized = new LinkedHashSet<>();
        boolean partial = false;
        boolean qualified = false;
        int i = 0;
        while (i < words.size()) {
            String word = words.get(i).norm();
            int matched = longestMatch(words, i);
            Meaning meaning = matched == 0 ? null : phrases.get(norms(words, i, i + matched));
            if (matched == 0) {
                matched = 1;
            }
            String said = raw(words, i, i + matched);
            if (word.equals(BREAK) || meaning != null && meaning.role() == Role.HARMLESS
                    && !negatedEnforcement(words, i)) {
                i += matched;
                continue;
            }
            if (meaning != null && meaning.role() == Role.KIND) {
                kinds.addAll(meaning.kinds());
                if (!meaning.covers()) {
                    partial = true;
                    unrecognized.add(said);
                }
            } else if (meaning != null && meaning.role() == Role.SENSITIVE) {
                partial = true;
                unrecognized.add(said);
            } else if (!harmlessInContext(words, i)) {
                qualified = true;
                unrecognized.add(negatedEnforcement(words, i) ? raw(words, i - 1, i + 1) : said);
            }
            i += matched;
        }
        DetectorSelection.Coverage coverage;
        if (kinds.isEmpty() || qualified) {
            coverage = DetectorSelection.Coverage.JUDGE;
        } else {
            coverage = partial ? DetectorSelection.Coverage.DETECTORS_AND_JUDGE : DetectorSelection.Coverage.DETECTORS;
        }
        return new DetectorSelection(kinds, coverage, List.copyOf(unrecognized));
    }

    /** Words outside the phrase table whose meaning depends on their neighbours. */
    private boolean harmlessInContext(List<Word> words, int i) {
        String word = words.get(i).norm();
        if (RuleVocabulary.NEGATIONS.contains(word)) {
            return true;
        }
        if (RuleVocabulary.PERMITS.contains(word)) {
            return negatedBefore(words, i);
        }
        if (RuleVocabulary.CONDITIONS.contains(word)) {
            return presenceAfter(words, i);
        }
        if (word.equals("outside")) {
            int next = i + 1;
            while (next < words.size() && Set.of("the", "our", "of", "a", "this", "my").contains(words.get(next).norm())) {
                next++;
            }
            return next < words.size() && RuleVocabulary.DESTINATIONS.contains(words.get(next).norm());
        }
        if (!word.isEmpty() && Character.isDigit(word.charAt(0)) && i > 0) {
            return RuleVocabulary.VERSIONED.contains(words.get(i - 1).norm());
        }
        return false;
    }

    /** "Don't block phone numbers" says the opposite of "block phone numbers". */
    private static boolean negatedEnforcement(List<Word> words, int i) {
        if (!RuleVocabulary.ENFORCEMENT_VERBS.contains(words.get(i).norm()) || i == 0) {
            return false;
        }
        String before = words.get(i - 1).norm();
        return RuleVocabulary.NEGATIONS.contains(before) && !before.equals("no") && !before.equals("never");
    }

    private static boolean negatedBefore(List<Word> words, int i) {
        for (int j = i - 1; j >= 0 && !words.get(j).norm().equals(BREAK); j--) {
            if (RuleVocabulary.NEGATIONS.contains(words.get(j).norm())) {
                return true;
            }
        }
        return false;
    }

    private static boolean presenceAfter(List<Word> words, int i) {
        for (int j = i + 1; j < Math.min(words.size(), i + 5) && !words.get(j).norm().equals(BREAK); j++) {
            if (RuleVocabulary.PRESENCE.contains(words.get(j).norm())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A wording of the same kinds that detectors decide alone ("Block e-mail addresses and phone numbers."), or
     * null when the rule names no kind. {@code verb} is the action, capitalised ("Block", "Redact").
     */
    public String detectorOnlyWording(Set<String> kinds, String verb) {
        List<String> nouns = new ArrayList<>();
        for (String kind : new TreeSet<>(kinds)) {
            nouns.add(KIND_NOUNS.getOrDefault(kind, kind.toLowerCase(Locale.ROOT).replace('_', ' ')));
        }
        if (nouns.isEmpty()) {
            return null;
        }
        String list = nouns.size() == 1 ? nouns.getFirst()
                : String.join(", ", nouns.subList(0, nouns.size() - 1)) + " and " + nouns.getLast();
        String wording = verb + " " + list + ".";
        return select(wording).coverage() == DetectorSelection.Coverage.DETECTORS ? wording : null;
    }

    /** Length of the longest known phrase starting at word {@code i}, or 0. */
    private int longestMatch(List<Word> words, int i) {
        for (int length = Math.min(longestPhrase, words.size() - i); length > 0; length--) {
            if (phrases.containsKey(norms(words, i, i + length))) {
                return length;
            }
        }
        return 0;
    }

    private void add(String phrase, Meaning meaning) {
        phrases.merge(words(phrase), meaning, Meaning::merge);
    }

    private boolean isHarmlessWord(String word) {
        Meaning meaning = phrases.get(List.of(word));
        return meaning != null && meaning.role() == Role.HARMLESS;
    }

    /** Unknown words replaced by the known word one typing slip away, when there is one. */
    private List<Word> corrected(List<Word> words) {
        List<Word> out = new ArrayList<>(words.size());
        for (Word w : words) {
            String norm = w.norm();
            if (norm.equals(BREAK) || knownWords.contains(norm) || Character.isDigit(norm.charAt(0))) {
                out.add(w);
                continue;
            }
            String fix = null;
            for (String target : typoTargets) {
                if (Typos.oneSlip(norm, target, isHarmlessWord(target) ? 5 : 4)) {
                    fix = target;
                    break;
                }
            }
            out.add(fix == null ? w : new Word(w.raw(), fix));
        }
        return out;
    }

    private static List<String> norms(List<Word> words, int from, int to) {
        List<String> norms = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            norms.add(words.get(i).norm());
        }
        return norms;
    }

    private static String raw(List<Word> words, int from, int to) {
        StringBuilder said = new StringBuilder();
        for (int i = from; i < to; i++) {
            said.append(i == from ? "" : " ").append(words.get(i).raw());
        }
        return said.toString();
    }

    /** A word as written and as compared: lower case, singular, apostrophes dropped. */
    record Word(String raw, String norm) {
    }

    /** Words and sentence breaks; apostrophes vanish ("don't" is "dont"), other punctuation separates. */
    static List<Word> tokens(String text) {
        String lower = text.replace("e.g.", " ").replace("i.e.", " ");
        List<Word> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
                raw.append(c);
                continue;
            }
            if ((c == '\'' || c == '’') && word.length() > 0) {
                raw.append(c);
                continue;
            }
            if (word.length() > 0) {
                words.add(new Word(raw.toString(), singular(word.toString().toLowerCase(Locale.ROOT))));
                word.setLength(0);
                raw.setLength(0);
            }
            if (c == '.' || c == '!' || c == '?' || c == ';') {
                words.add(new Word(BREAK, BREAK));
            }
        }
        return words;
    }

    /** Lower-case singular words of {@code text}, without sentence breaks. */
    static List<String> words(String text) {
        return tokens(text).stream().map(Word::norm).filter(w -> !w.equals(BREAK)).toList();
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
