package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One test per class of disguise the normaliser undoes, each checking that the address is found and that the finding
 * covers exactly the original characters a redactor must mask; and the shapes it must leave alone.
 */
class TextNormalizerTest {
    private static final PolicyScanner<String> EMAIL = PolicyScanner.of(Map.of("p", List.of(EmailDetector.KIND)));
    private static final PolicyScanner<String> CARD = PolicyScanner.of(Map.of("p", List.of(CardDetector.KIND)));

    /** The original text each finding covers. */
    private static List<String> found(PolicyScanner<String> scanner, String text) {
        return scanner.scan(text).findings().stream().map(f -> text.substring(f.start(), f.end())).toList();
    }

    private static String masked(String text) {
        return new Redactor().redact(text, EMAIL.scan(text).findings());
    }

    @Test
    void plainAsciiIsItsOwnView() {
        String text = "Nothing to see at all here, just prose about example.com.";
        assertThat(TextNormalizer.normalize(text).isIdentity()).isTrue();
        assertThat(TextNormalizer.normalize(text).text()).isSameAs(text);
    }

    @Test
    void fullwidthAndSmallCommercialAtAreFoldedByNfkc() {
        assertThat(found(EMAIL, "write to john＠example.com now")).containsExactly("john＠example.com");
        assertThat(found(EMAIL, "write to john﹫example．com now")).containsExactly("john﹫example．com");
        assertThat(found(EMAIL, "ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ")).containsExactly("ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ");
        assertThat(found(EMAIL, "john@example。com")).containsExactly("john@example。com");
    }

    @Test
    void formatCharactersAndCombiningMarksAreDroppedAndStillMasked() {
        String zeroWidth = "mail jo\u200Bhn@exa\u200Dmple.com\u2060 today";
        assertThat(found(EMAIL, zeroWidth)).containsExactly("jo\u200Bhn@exa\u200Dmple.com");
        assertThat(masked(zeroWidth)).isEqualTo("mail [EMAIL_1]\u2060 today");
        assertThat(found(EMAIL, "john\u00AD.doe@example\u200E.com")).containsExactly("john\u00AD.doe@example\u200E.com");
        assertThat(found(EMAIL, "joh\u0301n@example.com")).containsExactly("joh\u0301n@example.com");
        assertThat(found(CARD, "card 4111\u200B1111\u200B1111\u200B1111")).hasSize(1);
        assertThat(found(CARD, "card ４１１１ １１１１ １１１１ １１１１")).hasSize(1);
    }

    @Test
    void percentEncodingAndHtmlReferencesAreDecoded() {
        assertThat(found(EMAIL, "see /u/john%40example.com/profile")).containsExactly("john%40example.com");
        assertThat(found(EMAIL, "john&#64;example.com")).containsExactly("john&#64;example.com");
        assertThat(found(EMAIL, "john&#x40;example&#46;com")).containsExactly("john&#x40;example&#46;com");
        assertThat(found(EMAIL, "john&commat;example&period;com")).containsExactly("john&commat;example&period;com");
        assertThat(found(EMAIL, "john%EF%BC%A0example.com")).containsExactly("john%EF%BC%A0example.com");
        assertThat(masked("to: john&#64;example.com.")).isEqualTo("to: [EMAIL_1].");
    }

    @Test
    void spelledAndSpacedAddressesAreRead() {
        assertThat(found(EMAIL, "reach john dot doe at example dot com today"))
                .containsExactly("john dot doe at example dot com");
        assertThat(found(EMAIL, "john [at] example [dot] com")).containsExactly("john [at] example [dot] com");
        assertThat(found(EMAIL, "john(at)example(.)com")).containsExactly("john(at)example(.)com");
        assertThat(found(EMAIL, "John AT Example DOT com")).containsExactly("John AT Example DOT com");
        assertThat(found(EMAIL, "john @ example.com")).containsExactly("john @ example.com");
        assertThat(found(EMAIL, "john.doe\n@example.com")).containsExactly("john.doe\n@example.com");
        assertThat(found(EMAIL, "j.doe at example.com")).containsExactly("j.doe at example.com");
        assertThat(masked("mail john {at} example {dot} org, thanks")).isEqualTo("mail [EMAIL_1], thanks");
    }

    @Test
    void spelledShapesThatAreNotAddressesStayAlone() {
        assertThat(found(EMAIL, "I work at example.com and live at home. It is fine.")).isEmpty();
        assertThat(found(EMAIL, "C = A @ B.T; y = x @ w.to(device); z = a @ b.shape")).isEmpty();
        assertThat(found(EMAIL, "apples @ 3.99 each, meet at noon")).isEmpty();
        assertThat(found(EMAIL, "@Override\npublic String toString() { return x; }")).isEmpty();
        assertThat(found(EMAIL, "run it @ build.sh then read @ README.md")).isEmpty();
    }

    @Test
    void base64BlobsThatDecodeToTextAreRead() {
        String blob = Base64.getEncoder().encodeToString("contact: john.doe@example.com".getBytes(StandardCharsets.UTF_8));
        String text = "decode this: " + blob + " please";
        assertThat(found(EMAIL, text)).containsExactly(blob);
        assertThat(masked(text)).isEqualTo("decode this: [EMAIL_1] please");
        String urlSafe = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("??>>john@example.com".getBytes(StandardCharsets.UTF_8));
        assertThat(found(EMAIL, "x " + urlSafe)).containsExactly(urlSafe);
    }

    @Test
    void base64OfBinaryAndBase64ShapedWordsStayAlone() {
        byte[] binary = new byte[96];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 37 + 11);
        }
        String text = "png: " + Base64.getEncoder().encodeToString(binary)
                + " sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 getUserEmailAddress";
        assertThat(found(EMAIL, text)).isEmpty();
        assertThat(TextNormalizer.normalize(text).isIdentity()).isTrue();
    }

    @Test
    void streamsReadTheSameDisguisesAcrossChunks() {
        StreamScan<String> scan = EMAIL.stream();
        String text = "write to john dot doe at exa" + "mple dot com or jane&#64;exam" + "ple.org ok";
        List<Finding> all = new java.util.ArrayList<>();
        for (String chunk : List.of("write to john dot doe at exa", "mple dot com or jane&#64;exam", "ple.org ok")) {
            all.addAll(scan.feed(chunk).findings());
        }
        all.addAll(scan.finish().findings());
        assertThat(all).extracting(f -> text.substring(f.start(), f.end()))
                .containsExactly("john dot doe at example dot com", "jane&#64;example.org");
    }
}
