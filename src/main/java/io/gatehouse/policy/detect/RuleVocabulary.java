package io.gatehouse.policy.detect;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The English words {@link DetectorSelector} knows beyond the detectors' own terms, by what they do to a rule.
 * Words are lower case and singular, as {@link DetectorSelector#words} makes them; a phrase is words separated by
 * spaces. Growing these lists is how the selector learns a wording; {@code policy/rule-corpus.tsv} says whether it
 * still reads every rule right.
 */
final class RuleVocabulary {

    /** Broad phrases for whole categories; never complete, since each category holds more than detectors see. */
    static final Map<DetectorCategory, List<String>> CATEGORY_PHRASES = Map.of(
            DetectorCategory.PERSONAL, List.of("pii", "personal data", "personal information", "personal info",
                    "personal detail", "personally identifiable information", "personal identifiable information",
                    "personal identifying information", "sensitive personal data", "sensitive personal information",
                    "gdpr data", "phi", "protected health information"),
            DetectorCategory.CONTACT, List.of("contact detail", "contact information", "contact info",
                    "contact data"),
            DetectorCategory.FINANCIAL, List.of("financial data", "financial information", "financial detail",
                    "payment data", "payment information", "payment info", "payment detail", "banking information",
                    "banking data", "pci data"),
            DetectorCategory.SECRET, List.of("secret", "credential", "api secret", "secret value",
                    "sensitive token"));

    /** Sensitive things no detector finds: naming one keeps the judge in the loop. */
    static final List<String> SENSITIVE = List.of("name", "full name", "first name", "last name", "surname",
            "address", "home address", "postal address", "street address", "mailing address", "physical address",
            "date of birth", "dob", "birthday", "birth date", "age", "password", "passphrase", "passcode", "pin",
            "passport", "passport number", "driver license", "driver licence", "driving license", "driving licence",
            "license number", "licence number", "license plate", "medical record", "health record", "health data",
            "health information", "medical information", "medical data", "diagnosis", "prescription", "hipaa",
            "salary", "income", "location", "geolocation", "gps coordinate", "username", "user name", "login",
            "cvv", "cvv code", "cvc", "cvc code", "security code", "expiry date", "expiration date",
            "national insurance number", "tax number", "account credential", "routing number", "sort code",
            "swift code", "bic", "mac address", "biometric", "biometric data", "fingerprint", "ethnicity",
            "religion", "sexual orientation", "genetic information", "criminal record", "confidential information",
            "source code", "trade secret");

    /** Words that narrow, widen or invert what a rule names: only the judge can apply them. */
    static final List<String> QUALIFIERS = List.of("except", "exception", "unless", "only", "but", "excluding",
            "exclude", "besides", "apart from", "other than", "without", "than", "more", "fewer", "less", "least",
            "most", "until", "after", "during", "between", "vip", "internal", "executive", "exec", "ceo", "board",
            "minor", "child", "children", "kid", "underage", "celebrity", "former", "verified", "approved",
            "authorized", "unauthorized", "specific", "certain", "particular", "some", "own", "consent",
            "permission", "first", "last", "whitelist", "allowlist", "nowhere", "else");

    /** Permission words: they qualify a rule unless a negation came before them ("not allowed"). */
    static final Set<String> PERMITS = Set.of("allow", "allowed", "permit", "permitted", "ok", "okay", "fine",
            "acceptable");

    /** Condition words: harmless when they introduce what the rule looks for ("if it contains"). */
    static final Set<String> CONDITIONS = Set.of("if", "when", "whenever", "where", "once");

    /** What a harmless condition says: the named thing is present. */
    static final Set<String> PRESENCE = Set.of("contain", "containing", "include", "including", "has", "have",
            "having", "mention", "mentioning", "appear", "found", "detected", "present", "show", "there", "carry",
            "with", "see", "spot");

    static final Set<String> NEGATIONS = Set.of("not", "no", "never", "dont", "doesnt", "cannot", "cant",
            "shouldnt", "mustnt", "wont", "isnt", "arent", "nor", "nothing", "none", "nobody", "neither");

    /** Verbs of enforcement: negated ("don't block"), they invert the rule. */
    static final Set<String> ENFORCEMENT_VERBS = Set.of("block", "redact", "mask", "flag", "stop", "prevent",
            "filter", "remove", "strip", "hide", "censor", "scrub");

    /** What may follow "outside" when it names where data goes rather than which data is meant. */
    static final Set<String> DESTINATIONS = Set.of("company", "organization", "organisation", "org", "network",
            "system", "firm", "business", "perimeter", "world", "environment", "infrastructure", "wall", "premise",
            "boundary", "firewall", "house", "building", "team", "country");

    /** Model names after which a version ("GPT-4o", "Claude 3") is harmless. */
    static final Set<String> VERSIONED = Set.of("gpt", "claude", "gemini", "llama", "mistral", "rule", "policy",
            "section", "step", "item", "no");

    /**
     * Words and phrases that say how a rule is worded, where data goes, who sends it, through which channel,
     * or which variety of a kind is meant: none of them changes what a detector must find.
     */
    static final List<String> HARMLESS = List.of(
            // function words
            "the", "a", "an", "any", "all", "every", "each", "either", "neither", "or", "and", "nor", "plus", "of",
            "to", "in", "into", "on", "onto", "at", "by", "for", "from", "with", "within", "inside", "through", "via",
            "across", "over", "about", "regarding", "before", "prior", "as", "like", "such", "such as", "etc", "eg",
            "ie", "e", "g", "i", "s", "u", "that", "which", "who", "whom", "whose", "what", "whatever", "whoever",
            "it", "its", "they", "them", "their", "theirs", "we", "us", "our", "you", "your", "yours", "he", "she",
            "his", "her", "hers", "my", "me", "this", "these", "those", "there", "here", "so", "then", "also", "too",
            "as well", "just", "really", "basically", "absolutely", "strictly", "always", "ever", "never", "not",
            "no", "none", "nothing", "nobody", "whatsoever", "anything", "anyone", "anybody", "someone", "everyone",
            "everything", "under no circumstance", "under any circumstance", "and other", "or other",
            "and any other", "or any other", "in no case", "no exception", "at all", "regardless",
            "regardless of", "whether", "even", "still", "yet", "both", "way", "side", "direction", "either way",
            "together", "alone", "ok so", "please", "pls", "plz", "thanks", "thank", "hey", "hi", "kindly", "let",
            "lets", "let us", "make sure", "ensure", "sure", "end up", "make it", "cant", "dont", "doesnt", "wont",
            "shouldnt", "mustnt", "isnt", "arent", "cannot", "than ever",
            // modal and auxiliary verbs
            "be", "is", "are", "was", "were", "been", "being", "am", "do", "does", "did", "done", "has", "have",
            "had", "must", "should", "shall", "may", "might", "can", "could", "will", "would", "need", "ought",
            "want", "wish",
            // what rules ask for
            "block", "blocked", "blocking", "stop", "stopped", "prevent", "prevented", "refuse", "reject", "deny",
            "drop", "redact", "redacted", "redaction", "mask", "masked", "masking", "remove", "removed", "strip",
            "stripped", "hide", "hidden", "obscure", "obfuscate", "anonymize", "anonymized", "anonymise",
            "anonymised", "pseudonymize", "pseudonymise", "scrub", "scrubbed", "sanitize", "sanitise", "censor",
            "replace", "filter", "filtered", "flag", "flagged", "detect", "catch", "spot", "mark", "alert", "notify",
            "warn", "log", "logged", "record", "report", "audit", "track", "monitor", "watch", "check", "scan",
            "find", "found", "protect", "protected", "guard", "secure", "safe", "keep", "kept", "stay", "remain",
            "forbid", "forbidden", "prohibit", "prohibited", "disallow", "disallowed", "banned", "ban",
            "not allowed", "not permitted", "never allowed",
            // what data does
            "send", "sent", "sending", "share", "shared", "sharing", "leak", "leaked", "leaking", "leave", "leaving",
            "left", "reach", "reaching", "reached", "go", "going", "goes", "get", "getting", "got", "hit", "exit",
            "cross", "pass", "passed", "pass on", "flow", "travel", "expose", "exposed", "reveal", "revealed",
            "disclose", "disclosed", "disclosure", "paste", "pasted", "type", "typed", "enter", "entered", "put",
            "include", "included", "including", "contain", "containing", "mention", "mentioned", "mentioning",
            "appear", "appearing", "show", "shown", "showing", "output", "return", "returned", "generate",
            "generated", "produce", "emit", "echo", "repeat", "print", "display", "write", "written", "upload",
            "uploaded", "submit", "submitted", "forward", "forwarded", "transmit", "transmitted", "transmission",
            "transfer", "transferred", "provide", "provided", "give", "given", "feed", "fed", "hand", "process",
            "processed", "use", "used", "receive", "received", "post", "posted", "carry", "present", "detected",
            "occur", "exist",
            // where data goes
            "model", "llm", "ai", "ml", "genai", "gpt", "chatgpt", "openai", "anthropic", "claude", "gemini",
            "google", "bard", "copilot", "mistral", "llama", "cohere", "azure", "bedrock", "vertex", "language model",
            "large language model", "foundation model", "provider", "vendor", "third party", "thirdparty",
            "3rd party", "external", "service", "cloud", "internet", "web", "outside world", "world", "company",
            "organization", "organisation", "org", "network", "system", "server", "tool", "app", "application",
            "platform", "bot", "chatbot", "assistant", "agent", "api", "endpoint", "upstream", "gateway",
            // channels and directions
            "prompt", "input", "response", "reply", "answer", "completion", "message", "request", "query",
            "question", "conversation", "chat", "thread", "text", "content", "transcript", "ticket", "snippet",
            "code snippet", "code", "body", "payload", "traffic", "inbound", "outbound", "incoming", "outgoing", "in",
            "out", "back",
            // who sends or owns the data
            "customer", "client", "user", "employee", "staff", "developer", "dev", "engineer", "team", "colleague",
            "member", "patient", "people", "person", "individual", "caller", "cardholder", "consumer", "buyer",
            "shopper", "subscriber", "account holder", "data subject", "applicant", "student", "citizen",
            "resident", "visitor", "guest", "accountant", "agent", "rep", "representative", "contractor",
            "anyone else", "somebody", "partner", "support", "supplier",
            // varieties of a kind
            "credit", "debit", "prepaid", "corporate", "business", "commercial", "virtual", "visa", "mastercard",
            "amex", "american express", "discover", "work", "office", "home", "personal", "private", "public",
            "direct", "toll free", "us", "american", "uk", "british", "eu", "european", "german", "french",
            "international", "foreign", "domestic", "local", "real", "actual", "valid", "raw", "full", "plain",
            "plaintext", "unmasked", "unredacted", "whole", "complete", "entire", "aws", "github", "gitlab",
            "slack", "stripe", "ssh", "rsa", "pgp",
            // what kinds are made of
            "number", "nr", "num", "data", "detail", "information", "info", "value", "string", "field", "record",
            "digit", "kind", "type", "form", "format", "sort", "piece", "instance", "occurrence", "circumstance",
            "reason", "time",
            // labels rules start with
            "pci", "dss", "gdpr", "ccpa", "soc", "soc2", "security", "privacy", "compliance", "data protection",
            "note", "important", "finance", "hr", "legal", "infosec", "guideline", "requirement", "rule", "policy");

    private RuleVocabulary() {
    }
}
