package io.gatehouse.model;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Money budgets: dollars with at most six decimals, positive, counted exactly in micro-dollars. */
class KeyLimitsTest {
    private static KeyLimits perDay(String dollars) {
        return new KeyLimits(null, null, null, null, new BigDecimal(dollars), null);
    }

    @Test
    void aBudgetIsCountedExactlyInMicroDollarsAndReadsBackWithoutTrailingZeros() {
        assertThat(KeyLimits.micros(perDay("12.50").checked().maxCostPerDay())).isEqualTo(12_500_000L);
        assertThat(KeyLimits.micros(perDay("0.000001").checked().maxCostPerDay())).isEqualTo(1L);
        assertThat(perDay("12.50").maxCostPerDay().toString()).isEqualTo("12.5");
        assertThat(perDay("1E+2").maxCostPerDay().toString()).isEqualTo("100");
        assertThat(KeyLimits.dollars(1_000_000L)).isEqualByComparingTo("1");
        assertThat(new KeyLimits(null, null, null, null, KeyLimits.dollars(12_500_000L), null))
                .isEqualTo(perDay("12.5"));
        assertThat(perDay("5").setsNothing()).isFalse();
    }

    @Test
    void zeroNegativeTooPreciseAndTooLargeBudgetsAreRefusedNamingTheField() {
        for (String bad : new String[] {"0", "-1", "0.0000001", "1000000000.01"}) {
            assertThatThrownBy(() -> perDay(bad).checked()).as(bad).isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("limits.maxCostPerDay");
        }
        assertThatThrownBy(() -> new KeyLimits(null, null, null, null, null, new BigDecimal("-2")).checked())
                .hasMessageContaining("limits.maxCostPerMonth");
        assertThat(perDay("1000000000").checked().maxCostPerDay()).isEqualByComparingTo("1000000000");
    }
}
