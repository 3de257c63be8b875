package dev.dangol.acceptance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the EMV codec: published payloads whose CRCs were computed by others, and Dangol's own payloads
 * cross-checked by an independent bit-by-bit CRC here (and by a Python script when the golden values were written).
 */
class EmvMpmTest {

    /**
     * The worked example of the EMVCo Merchant-Presented Mode specification (v1.1), as reproduced by many libraries'
     * tests: Chinese names in template 64, a dynamic code with an amount, CRC A13A.
     */
    static final String EMVCO_EXAMPLE = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678"
            + "520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603"
            + "***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

    /**
     * A Korean common-QR payload published in BC Card's developer documentation (sample request of its MPM "get QR
     * info" API, api.bccard.com/pay/qr/v1.0/mpm/get_qr_info): tags 15 and 26, Hangul name and city in template 64.
     */
    static final String BC_CARD_EXAMPLE =
            "0002010102121531260004102600041075112872400000026310014D41000000140100509000000"
                    + "001520472105303410540432515802KR5910CleanTopia6010KYUNGGI-DO610513204625603090000000010515MQ20209000097930608"
                    + "1000011407080000000164210002ko0104비씨카드0203경기도630439F0";

    /** Dangol's code for demo-shop-1 (CRC computed independently with a Python CRC-16/CCITT-FALSE). */
    static final String DEMO_SHOP = "00020101021126280009KR.DANGOL0111demo-shop-15204549953034105802KR5925Gwangjang"
            + " Halmae Tteokjip6005SEOUL64220002KO0106광장할매떡집0202서울6304F53C";

    /** Dangol's code for shop-17, whose CRC is below 0x1000: printed 09C5, never 9C5. */
    static final String LOW_CRC = "00020101021126240009KR.DANGOL0107shop-175204549953034105802KR5925Gwangjang Halmae"
            + " Tteokjip6005SEOUL64220002KO0106광장할매떡집0202서울630409C5";

    @Test
    void theCrcIsCcittFalse() {
        assertThat(Crc16.hex(Crc16.of("123456789"))).isEqualTo("29B1");
        assertThat(Crc16.hex(0x9C5)).isEqualTo("09C5");
        assertThat(Crc16.hex(0)).isEqualTo("0000");
    }

    @Test
    void theEmvcoSpecificationsExampleReadsWithItsChineseNames() {
        EmvPayload payload = valid(EMVCO_EXAMPLE);
        assertThat(payload.value("59")).isEqualTo("BEST TRANSPORT");
        assertThat(payload.value("54")).isEqualTo("23.72");
        assertThat(payload.template("29")).containsEntry("00", "D15600000000").containsEntry("05", "A93FO3230Q");
        assertThat(payload.template("64")).containsEntry("01", "最佳运输").containsEntry("02", "北京");
        assertThat(payload.template("62")).containsEntry("03", "1234").containsEntry("07", "A6008667");
        assertThat(independentCrc(EMVCO_EXAMPLE.substring(0, EMVCO_EXAMPLE.length() - 4)))
                .isEqualTo("A13A");
    }

    @Test
    void aPublishedKoreanPayloadReadsWithHangulInTemplate64() {
        EmvPayload payload = valid(BC_CARD_EXAMPLE);
        assertThat(payload.value("58")).isEqualTo("KR");
        assertThat(payload.value("53")).isEqualTo("410");
        assertThat(payload.template("64")).containsEntry("00", "ko").containsEntry("01", "비씨카드");
        assertThat(payload.merchantName()).isEqualTo("비씨카드");
        assertThat(payload.template("26")).containsEntry("00", "D4100000014010").containsEntry("05", "000000001");
    }

    @Test
    void dangolsPayloadIsEncodedAsItsGoldenCopy() {
        assertThat(DangolCodes.sticker(MerchantBook.shop("demo-shop-1", "A-1", 1))
                        .payload())
                .isEqualTo(DEMO_SHOP);
        assertThat(independentCrc(DEMO_SHOP.substring(0, DEMO_SHOP.length() - 4)))
                .isEqualTo("F53C");
        EmvPayload payload = valid(DEMO_SHOP);
        assertThat(DangolCodes.merchantOf(payload).value()).isEqualTo("demo-shop-1");
        assertThat(payload.template("64")).containsEntry("00", "KO").containsEntry("01", "광장할매떡집");
    }

    @Test
    void aCrcBelow0x1000KeepsItsLeadingZero() {
        String payload =
                DangolCodes.sticker(MerchantBook.shop("shop-17", "A-17", 17)).payload();
        assertThat(payload).isEqualTo(LOW_CRC).endsWith("630409C5");
        assertThat(independentCrc(LOW_CRC.substring(0, LOW_CRC.length() - 4))).isEqualTo("09C5");
        valid(LOW_CRC);
        // Dropping the leading zero makes the code one character short: tag 63 then no longer closes it.
        assertThat(EmvMpm.parse(LOW_CRC.substring(0, LOW_CRC.length() - 4) + "9C5"))
                .isInstanceOf(EmvParse.Malformed.class);
    }

    @Test
    void aWrongCrcIsCaughtBeforeAnythingElseIsRead() {
        String wrong = DEMO_SHOP.substring(0, DEMO_SHOP.length() - 4) + "F53D";
        assertThat(EmvMpm.parse(wrong)).isEqualTo(new EmvParse.CrcMismatch("F53D", "F53C"));
        // One character changed inside: the CRC catches it even though the structure still reads.
        String altered = DEMO_SHOP.replace("demo-shop-1", "demo-shop-2");
        assertThat(EmvMpm.parse(altered)).isInstanceOf(EmvParse.CrcMismatch.class);
    }

    @Test
    void aCodeCutShortHasNoCheckValue() {
        assertThat(EmvMpm.parse(DEMO_SHOP.substring(0, 60))).isInstanceOf(EmvParse.Malformed.class);
    }

    @Test
    void lengthsCountCharactersNotBytes() {
        String encoded = EmvMpm.DataObject.template("64", List.of(new EmvMpm.DataObject("01", "광장할매떡집")))
                .encoded();
        assertThat(encoded).isEqualTo("64100106광장할매떡집");
    }

    @Test
    void aStructurallyBrokenPayloadWithAGoodCrcIsMalformedWithAReason() {
        String body = "000201010211520454995303410" + "6304";
        String payload = body + Crc16.hex(Crc16.of(body));
        assertThat(EmvMpm.parse(payload))
                .isInstanceOfSatisfying(
                        EmvParse.Malformed.class, m -> assertThat(m.reason()).contains("merchant account"));
    }

    private static EmvPayload valid(String text) {
        EmvParse parse = EmvMpm.parse(text);
        assertThat(parse).isInstanceOf(EmvParse.Valid.class);
        return ((EmvParse.Valid) parse).payload();
    }

    /** CRC-16/CCITT-FALSE bit by bit, written apart from the table-driven one under test. */
    static String independentCrc(String text) {
        int crc = 0xFFFF;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean in = ((b >> bit) & 1) == 1;
                boolean top = (crc & 0x8000) != 0;
                crc = (crc << 1) & 0xFFFF;
                if (in ^ top) {
                    crc ^= 0x1021;
                }
            }
        }
        return String.format("%04X", crc);
    }
}
