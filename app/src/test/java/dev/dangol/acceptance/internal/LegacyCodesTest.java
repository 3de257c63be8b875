package dev.dangol.acceptance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.acceptance.Operator;
import org.junit.jupiter.api.Test;

/** The two previous operators' formats, as docs/qr-formats.md defines them. */
class LegacyCodesTest {

    @Test
    void hanbitUrlsCarryACheckCharacter() {
        String url = HanbitCodes.url("7K2M9QX4A");
        // The examples in docs/qr-formats.md.
        assertThat(url).isEqualTo("https://pay.hanbit.example/m/7K2M9QX4AZ");
        assertThat(NuriCodes.number("00012345678")).isEqualTo("77000123456780");
        assertThat(HanbitCodes.parse(url)).isEqualTo(new LegacyParse.Valid(Operator.HANBIT));
        assertThat(HanbitCodes.parse(url.replace("https://", "http://")))
                .isEqualTo(new LegacyParse.Valid(Operator.HANBIT));
    }

    @Test
    void brokenHanbitUrlsSayWhatIsWrong() {
        String url = HanbitCodes.url("7K2M9QX4A");
        assertThat(problem(HanbitCodes.parse(url.substring(0, url.length() - 1))))
                .isEqualTo("WRONG_LENGTH");
        assertThat(problem(HanbitCodes.parse(url.replace("7K2M9QX4A", "7K2M9QX4B"))))
                .isEqualTo("CHECK_CHARACTER");
        assertThat(problem(HanbitCodes.parse(url.replace("7K2M", "7I2M")))).isEqualTo("WRONG_CHARACTER");
        assertThat(problem(HanbitCodes.parse(url.replace("/m/", "/p/")))).isEqualTo("WRONG_PATH");
        assertThat(problem(HanbitCodes.parse(url.toLowerCase(java.util.Locale.ROOT))))
                .isNotNull();
        assertThat(HanbitCodes.parse("https://example.com/m/7K2M9QX4A0")).isInstanceOf(LegacyParse.Foreign.class);
    }

    @Test
    void nuriNumbersCarryALuhnCheckDigit() {
        String number = NuriCodes.number("00012345678");
        assertThat(number).hasSize(14).startsWith("77");
        assertThat(NuriCodes.parse(number)).isEqualTo(new LegacyParse.Valid(Operator.NURI));
        assertThat(NuriCodes.luhn("7992739871")).isEqualTo(3);
        char last = number.charAt(13);
        String wrong = number.substring(0, 13) + (char) ('0' + (last - '0' + 1) % 10);
        assertThat(problem(NuriCodes.parse(wrong))).isEqualTo("CHECK_DIGIT");
        assertThat(problem(NuriCodes.parse(number.substring(1)))).isEqualTo("WRONG_LENGTH");
        assertThat(problem(NuriCodes.parse("66" + number.substring(2)))).isEqualTo("WRONG_PREFIX");
        assertThat(NuriCodes.parse("12345")).isInstanceOf(LegacyParse.Foreign.class);
        assertThat(NuriCodes.parse("77A" + number.substring(3))).isInstanceOf(LegacyParse.Foreign.class);
    }

    private static String problem(LegacyParse parse) {
        return parse instanceof LegacyParse.Broken broken ? broken.problem() : null;
    }
}
