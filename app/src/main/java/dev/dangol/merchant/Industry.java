package dev.dangol.merchant;

/**
 * What a merchant sells, in the categories voucher programs' eligibility rules name. Master-data files give a code
 * from this list (the constant's name); the Korean label is for pages and reports.
 */
public enum Industry {
    GROCERY("식료품"),
    BUTCHER("정육점"),
    FISHMONGER("수산물"),
    PRODUCE("농산물·청과"),
    RICE_CAKE("떡·방앗간"),
    BAKERY("제과점"),
    RESTAURANT("음식점"),
    CAFE("카페"),
    CLOTHING("의류"),
    SHOES("신발"),
    HOUSEWARES("생활용품"),
    HARDWARE("철물·공구"),
    STATIONERY("문구·서점"),
    FLOWERS("꽃집"),
    PHARMACY("약국"),
    CLINIC("병원·의원"),
    BEAUTY("미용실"),
    LAUNDRY("세탁소"),
    ACADEMY("학원"),
    OPTICIAN("안경점"),
    CONVENIENCE_STORE("편의점"),
    FUEL("주유소"),
    DEPARTMENT_STORE("백화점"),
    LARGE_MART("대형마트"),
    ENTERTAINMENT_BAR("유흥주점"),
    GAMBLING("사행업"),
    REAL_ESTATE("부동산"),
    FINANCE("금융·보험"),
    OTHER("기타");

    private final String koreanLabel;

    Industry(String koreanLabel) {
        this.koreanLabel = koreanLabel;
    }

    public String koreanLabel() {
        return koreanLabel;
    }
}
