package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CardDetectorTest {
    private final CardDetector detector = new CardDetector();

    @ParameterizedTest
    @CsvSource({"4111 1111 1111 1111,Visa", "5105-1051-0510-5100,Mastercard", "3714 496353 98431,American Express",
        "6011000990139424,Discover", "3566 0020 2036 0505,JCB", "3056 930902 5904,Diners Club",
        "2221000000000009,Mastercard"})
    void findsCardsOfEachNetworkAndGrouping(String number, String brand) {
        Finding finding = Found.findings(detector, "card " + number + " exp 09/27").getFirst();
        assertThat(finding.description()).isEqualTo(brand + " card number");
        assertThat(finding.length()).isEqualTo(number.length());
    }

    @Test
    void leavesOffATrailingGroupThatIsNotPartOfTheNumber() {
        assertThat(Found.by(detector, "4111 1111 1111 1111 12/27")).containsExactly("4111 1111 1111 1111");
        assertThat(Found.by(detector, "4111 1111 1111 1111 123")).containsExactly("4111 1111 1111 1111");
    }

    @Test
    void findsEachCardOfAList() {
        assertThat(Found.by(detector, "on file: 4111111111111111, 5555555555554444 4012888888881881"))
                .containsExactly("4111111111111111", "5555555555554444", "4012888888881881");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1112", "ref 1234 5678 9012 3456", "IMEI 490154203237518",
        "1 4111 1111 1111 1111 2", "ID4111111111111111", "0.4111111111111111", "#4111111111111111",
        "9400 1000 0000 0000 0000 00", "SIRET 73282932000074", "12345678901234567890"})
    void ignoresNumbersThatAreNotCards(String text) {
        assertThat(Found.by(detector, text)).isEmpty();
    }

    @Test
    void luhnAndIssuerRangesAreChecked() {
        assertThat(CardDetector.luhn("79927398713", 0, 11)).isTrue();
        assertThat(CardDetector.luhn("79927398710", 0, 11)).isFalse();
        assertThat(CardDetector.brand("9111111111111111", 0, 16)).isNull();
        assertThat(CardDetector.brand("411111111111111", 0, 15)).isNull();
    }
}
