package dev.dangol.acceptance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.acceptance.Sticker;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.shared.MerchantId;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Any merchant the registry can hold gets a code that reads back as valid and names it: the longest ids, names of up to
 * 100 Hangul or Latin characters (cut to 25 without splitting a character), every industry and town.
 */
class DangolCodesPropertyTest {

    @Test
    void everyMerchantsCodeReadsBackAsItsOwn() {
        SplittableRandom random = new SplittableRandom(4_2026);
        String idCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
        String[] towns = {"11110", "26110", "41135", "50110", "99999", "51110", "36110"};
        for (int n = 0; n < 3_000; n++) {
            StringBuilder id = new StringBuilder();
            int idLength = random.nextInt(1, 65);
            for (int i = 0; i < idLength; i++) {
                id.append(idCharacters.charAt(random.nextInt(idCharacters.length())));
            }
            StringBuilder korean = new StringBuilder("가");
            int koreanLength = random.nextInt(0, 100);
            for (int i = 0; i < koreanLength; i++) {
                korean.append(random.nextInt(8) == 0 ? ' ' : (char) (0xAC00 + random.nextInt(11_172)));
            }
            StringBuilder latin = new StringBuilder("A");
            int latinLength = random.nextInt(0, 100);
            for (int i = 0; i < latinLength; i++) {
                latin.append((char) random.nextInt(0x20, 0x7F));
            }
            Merchant merchant = new Merchant(
                    MerchantId.of(id.toString()),
                    "P" + n,
                    MerchantBook.businessNumber(100_000_000 + n),
                    korean.toString(),
                    latin.toString(),
                    "주소",
                    towns[random.nextInt(towns.length)],
                    null,
                    Industry.values()[random.nextInt(Industry.values().length)],
                    null,
                    RevenueBand.UP_TO_800M,
                    MerchantStatus.ACTIVE,
                    null);
            Sticker sticker = DangolCodes.sticker(merchant);
            EmvParse parse = EmvMpm.parse(sticker.payload());
            assertThat(parse).as(sticker.payload()).isInstanceOf(EmvParse.Valid.class);
            EmvPayload payload = ((EmvParse.Valid) parse).payload();
            assertThat(DangolCodes.merchantOf(payload)).isEqualTo(merchant.id());
            assertThat(merchant.nameKorean()).startsWith(payload.template("64").get("01"));
            assertThat(merchant.nameRomanised().strip()).startsWith(payload.value("59"));
            assertThat(payload.value("53")).isEqualTo("410");
            assertThat(EmvMpmTest.independentCrc(
                            sticker.payload().substring(0, sticker.payload().length() - 4)))
                    .isEqualTo(sticker.payload().substring(sticker.payload().length() - 4));
        }
    }
}
