package io.gatehouse.policy.detect;

/**
 * A phrase a policy's text uses for what a detector finds, in lower case, singular ("phone number",
 * "e mail address"). {@code covers} says whether the detector finds everything the phrase means: "IBAN" is
 * covered by the IBAN detector, "bank account number" only partly (domestic account numbers are not IBANs),
 * so a rule naming the latter still needs the judge.
 */
public record Term(String phrase, boolean covers) {

    public static Term covered(String phrase) {
        return new Term(phrase, true);
    }

    public static Term partial(String phrase) {
        return new Term(phrase, false);
    }
}
