package io.gatehouse.policy.detect;

import static io.gatehouse.policy.detect.DetectorSelection.Coverage.DETECTORS;
import static io.gatehouse.policy.detect.DetectorSelection.Coverage.DETECTORS_AND_JUDGE;
import static io.gatehouse.policy.detect.DetectorSelection.Coverage.JUDGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.policy.detect.DetectorSelection.Coverage;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DetectorSelectorTest {
    private static final DetectorSelector SELECTOR = DetectorSelector.standard();
    private static final String PERSONAL = "EMAIL PHONE CARD IBAN SSN";
    private static final String SECRETS = "API_KEY PRIVATE_KEY JWT";

    static Stream<Arguments> rules() {
        return Stream.of(
                rule("Never send customer e-mail addresses or phone numbers to the model", "EMAIL PHONE", DETECTORS),
                rule("block credit card numbers", "CARD", DETECTORS),
                rule("no secrets or API keys", SECRETS, DETECTORS_AND_JUDGE),
                rule("PII", PERSONAL, DETECTORS_AND_JUDGE),
                rule("No personally identifiable information in prompts", PERSONAL, DETECTORS_AND_JUDGE),
                rule("Don't discuss competitors", "", JUDGE),
                rule("no emails", "EMAIL", DETECTORS),
                rule("No E-Mails!", "EMAIL", DETECTORS),
                rule("Redact IBANs.", "IBAN", DETECTORS),
                rule("Do not share bank account numbers", "IBAN", DETECTORS_AND_JUDGE),
                rule("SSNs must never be sent to the provider", "SSN", DETECTORS),
                rule("Mask social security numbers in responses", "SSN", DETECTORS),
                rule("Never include internal IP addresses", "IP_ADDRESS", DETECTORS),
                rule("Block IPv4 and IPv6 addresses", "IP_ADDRESS", DETECTORS),
                rule("Block JWTs and private keys", "JWT PRIVATE_KEY", DETECTORS),
                rule("never paste SSH keys or bearer tokens", "PRIVATE_KEY API_KEY JWT", DETECTORS),
                rule("No credentials", SECRETS, DETECTORS_AND_JUDGE),
                rule("Don't reveal passwords or API keys", "API_KEY", DETECTORS_AND_JUDGE),
                rule("No contact details", "EMAIL PHONE", DETECTORS_AND_JUDGE),
                rule("Block payment information", "CARD IBAN", DETECTORS_AND_JUDGE),
                rule("No PII such as names, addresses or phone numbers", PERSONAL, DETECTORS_AND_JUDGE),
                rule("Block emails except those at our own domain", "EMAIL", JUDGE),
                rule("Only allow phone numbers of our support line", "PHONE", JUDGE),
                rule("Don't send emails of VIP customers", "EMAIL", JUDGE),
                rule("Responses must not exceed 500 tokens", "", JUDGE),
                rule("No medical diagnoses", "", JUDGE),
                rule("Never share customers' home addresses", "", JUDGE));
    }

    private static Arguments rule(String text, String kinds, Coverage coverage) {
        return Arguments.of(text, kinds.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(kinds.split(" "))), coverage);
    }

    @ParameterizedTest
    @MethodSource("rules")
    void readsRules(String rule, Set<String> kinds, Coverage coverage) {
        DetectorSelection selection = SELECTOR.select(rule);
        assertThat(selection.kinds()).as(rule).isEqualTo(kinds);
        assertThat(selection.coverage()).as(rule).isEqualTo(coverage);
    }

    @ParameterizedTest
    @MethodSource("naturalWordings")
    void wordsOfDestinationSenderChannelOrVarietyKeepDetectorCoverage(String rule, String kinds) {
        DetectorSelection selection = SELECTOR.select(rule);
        assertThat(selection.kinds()).as(rule).isEqualTo(Set.of(kinds.split(" ")));
        assertThat(selection.coverage()).as(rule).isEqualTo(DETECTORS);
        assertThat(selection.unrecognized()).as(rule).isEmpty();
    }

    static Stream<Arguments> naturalWordings() {
        return Stream.of(
                Arguments.of("Redact phone numbers before they reach the model.", "PHONE"),
                Arguments.of("credit or debit card numbers", "CARD"),
                Arguments.of("Don't leak customer emails to the LLM provider", "EMAIL"),
                Arguments.of("No cell phone numbers in chatbot conversations", "PHONE"),
                Arguments.of("Employees' US social security numbers must not leave our systems", "SSN"),
                Arguments.of("Mobile numbers must not be sent to OpenAI, in prompts or answers", "PHONE"),
                Arguments.of("PCI: mask card numbers", "CARD"),
                Arguments.of("Block the request if it contains a credit card number", "CARD"),
                Arguments.of("Credit card numbers are not allowed.", "CARD"),
                Arguments.of("Never send a card number to GPT-4o.", "CARD"),
                Arguments.of("Card numbers must not be sent outside the company.", "CARD"),
                Arguments.of("no credit crad numbers", "CARD"),
                Arguments.of("Redact phnoe numbers and emial addresses", "EMAIL PHONE"));
    }

    @Test
    void saysWhichWordsSentTheRuleToTheJudge() {
        assertThat(SELECTOR.select("Block emails except those of VIP customers").unrecognized())
                .containsExactly("except", "VIP");
        assertThat(SELECTOR.select("No names or e-mail addresses").unrecognized()).containsExactly("names");
        assertThat(SELECTOR.select("Don't block phone numbers").unrecognized()).containsExactly("Don't block");
        assertThat(SELECTOR.select("Redact emails of celebrities").unrecognized()).containsExactly("celebrities");
        assertThat(SELECTOR.select("Phone numbers are allowed for partners").unrecognized()).containsExactly("allowed");
        assertThat(SELECTOR.select("Block emails outside our domain").unrecognized()).containsExactly("outside", "domain");
    }

    @Test
    void proposesADetectorOnlyWordingOfTheNamedKinds() {
        DetectorSelection vip = SELECTOR.select("Redact emails and phone numbers of VIP customers");
        String wording = SELECTOR.detectorOnlyWording(vip.kinds(), "Redact");
        assertThat(wording).isEqualTo("Redact e-mail addresses and phone numbers.");
        assertThat(SELECTOR.select(wording).coverage()).isEqualTo(DETECTORS);
        assertThat(SELECTOR.detectorOnlyWording(Set.of(), "Block")).isNull();
    }

    @Test
    void coverageSaysWhoDecides() {
        assertThat(SELECTOR.select("no emails").needsJudge()).isFalse();
        assertThat(SELECTOR.select("no PII").needsJudge()).isTrue();
        assertThat(SELECTOR.select("no PII").findingsAreViolations()).isTrue();
        assertThat(SELECTOR.select("emails only from partners").findingsAreViolations()).isFalse();
    }

    @Test
    void singularisesEnglishPlurals() {
        assertThat(DetectorSelector.singular("addresses")).isEqualTo("address");
        assertThat(DetectorSelector.singular("policies")).isEqualTo("policy");
        assertThat(DetectorSelector.singular("ips")).isEqualTo("ip");
        assertThat(DetectorSelector.singular("does")).isEqualTo("does");
        assertThat(DetectorSelector.singular("access")).isEqualTo("access");
        assertThat(DetectorSelector.words("Don't e-mail")).containsExactly("dont", "e", "mail");
    }
}
