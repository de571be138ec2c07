package io.gatehouse.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ControlCharactersTest {
    @Test
    void controlsFormatCharactersAndSeparatorsAreControlCharacters() {
        for (int c : new int[] {0x00, 0x07, '\t', '\n', '\r', 0x1B, 0x7F, 0x80, 0x85, 0x9B, 0x9F, 0x061C, 0x200E, 0x202A,
                0x202E, 0x2066, 0x2069, 0x2028, 0x2029, 0xFEFF, 0xE0001}) {
            assertThat(ControlCharacters.isControl(c)).as("U+%04X", c).isTrue();
        }
        for (int c : new int[] {' ', 'a', 0xE9, 0xA0, 0x200C, 0x200D, 0x1F469, 0x4E2D}) {
            assertThat(ControlCharacters.isControl(c)).as("U+%04X", c).isFalse();
        }
    }

    @Test
    void escapingWritesEveryControlCharacterVisiblyAndLeavesOtherTextAlone() {
        String plain = "café 👩\u200D💻";
        assertThat(ControlCharacters.escape(plain)).isSameAs(plain);
        assertThat(ControlCharacters.escape(null)).isNull();
        assertThat(ControlCharacters.escape("a\r\nb\tc\u001b[0m\u0085\u202e\u2028\uDB40\uDC01"))
                .isEqualTo("a\\r\\nb\\tc\\u001B[0m\\u0085\\u202E\\u2028\\U000E0001");
    }
}
