package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.Sticker;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.shared.MerchantId;
import java.util.List;
import java.util.Map;

/**
 * Dangol's own static EMV codes: format 01, static (11), the merchant account template 26 with Dangol's scheme id in
 * sub-tag 00 and the merchant's id in 01, the category code of its industry, KRW (410), KR, the romanised name (at
 * most 25 characters) and city (at most 15), the Korean name and city in template 64 (language KO), and the CRC.
 */
final class DangolCodes {

    /** The globally unique identifier of Dangol's scheme, in reverse-domain form as EMVCo allows. */
    static final String GUID = "KR.DANGOL";

    static final String ACCOUNT_TAG = "26";

    private DangolCodes() {}

    static Sticker sticker(Merchant merchant) {
        Town town = Town.of(merchant.townCode());
        String name = cut(merchant.nameRomanised().strip(), 25);
        String koreanName = cut(merchant.nameKorean().strip(), 25);
        String payload = EmvMpm.encode(List.of(
                new EmvMpm.DataObject("00", "01"),
                new EmvMpm.DataObject("01", "11"),
                EmvMpm.DataObject.template(
                        ACCOUNT_TAG,
                        List.of(
                                new EmvMpm.DataObject("00", GUID),
                                new EmvMpm.DataObject("01", merchant.id().value()))),
                new EmvMpm.DataObject("52", categoryCode(merchant.industry())),
                new EmvMpm.DataObject("53", "410"),
                new EmvMpm.DataObject("58", "KR"),
                new EmvMpm.DataObject("59", name),
                new EmvMpm.DataObject("60", town.romanised()),
                EmvMpm.DataObject.template(
                        "64",
                        List.of(
                                new EmvMpm.DataObject("00", "KO"),
                                new EmvMpm.DataObject("01", koreanName),
                                new EmvMpm.DataObject("02", town.korean())))));
        return new Sticker(merchant.id(), payload, merchant.nameKorean(), merchant.nameRomanised(), town.romanised());
    }

    /** The merchant a Dangol code names, or null when the payload is not one of Dangol's codes. */
    static MerchantId merchantOf(EmvPayload payload) {
        Map<String, String> account = payload.accountWithGuid(GUID);
        String id = account.get("01");
        return id != null && dev.dangol.shared.Ids.isValid(id) ? MerchantId.of(id) : null;
    }

    /** Whether the payload carries Dangol's scheme at all (even with an unreadable merchant id). */
    static boolean isDangols(EmvPayload payload) {
        return !payload.accountWithGuid(GUID).isEmpty();
    }

    /** ISO 18245 merchant category codes, as card schemes assign them to these trades. */
    static String categoryCode(Industry industry) {
        return switch (industry) {
            case GROCERY, LARGE_MART -> "5411";
            case BUTCHER, FISHMONGER -> "5422";
            case PRODUCE, RICE_CAKE, CONVENIENCE_STORE -> "5499";
            case BAKERY -> "5462";
            case RESTAURANT -> "5812";
            case CAFE -> "5814";
            case CLOTHING -> "5651";
            case SHOES -> "5661";
            case HOUSEWARES -> "5719";
            case HARDWARE -> "5251";
            case STATIONERY -> "5943";
            case FLOWERS -> "5992";
            case PHARMACY -> "5912";
            case CLINIC -> "8011";
            case BEAUTY -> "7230";
            case LAUNDRY -> "7211";
            case ACADEMY -> "8299";
            case OPTICIAN -> "8043";
            case FUEL -> "5541";
            case DEPARTMENT_STORE -> "5311";
            case ENTERTAINMENT_BAR -> "5813";
            case GAMBLING -> "7995";
            case REAL_ESTATE -> "6513";
            case FINANCE -> "6012";
            case OTHER -> "5999";
        };
    }

    /** At most this many characters (code points), so that a Hangul name is never cut inside a character. */
    static String cut(String text, int characters) {
        if (text.codePointCount(0, text.length()) <= characters) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, characters)).strip();
    }

    /** The city printed on a code: the province or metropolitan city the town code's first two digits name. */
    record Town(String romanised, String korean) {

        static Town of(String townCode) {
            return switch (townCode.substring(0, 2)) {
                case "11" -> new Town("SEOUL", "서울");
                case "26" -> new Town("BUSAN", "부산");
                case "27" -> new Town("DAEGU", "대구");
                case "28" -> new Town("INCHEON", "인천");
                case "29" -> new Town("GWANGJU", "광주");
                case "30" -> new Town("DAEJEON", "대전");
                case "31" -> new Town("ULSAN", "울산");
                case "36" -> new Town("SEJONG", "세종");
                case "41" -> new Town("GYEONGGI-DO", "경기도");
                case "42", "51" -> new Town("GANGWON", "강원");
                case "43" -> new Town("CHUNGBUK", "충북");
                case "44" -> new Town("CHUNGNAM", "충남");
                case "45", "52" -> new Town("JEONBUK", "전북");
                case "46" -> new Town("JEONNAM", "전남");
                case "47" -> new Town("GYEONGBUK", "경북");
                case "48" -> new Town("GYEONGNAM", "경남");
                case "50" -> new Town("JEJU", "제주");
                default -> new Town("KOREA", "대한민국");
            };
        }
    }
}
