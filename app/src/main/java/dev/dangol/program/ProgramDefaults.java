package dev.dangol.program;

import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import java.util.Set;

/** Rules as the programs in FACTS.md have them, as a starting point an operator adjusts. */
public final class ProgramDefaults {

    private ProgramDefaults() {}

    /** Seoul's 25 districts (자치구), 종로구 11110 to 강동구 11740: where a Seoul-wide program's merchants may be. */
    public static final Set<String> SEOUL_TOWNS = Set.of(
            "11110", "11140", "11170", "11200", "11215", "11230", "11260", "11290", "11305", "11320", "11350", "11380",
            "11410", "11440", "11470", "11500", "11530", "11545", "11560", "11590", "11620", "11650", "11680", "11710",
            "11740");

    /**
     * A national program like Digital Onnuri: 10% off, 2,000,000 a month (1,000,000 by card), 2,000,000 held at once,
     * 10,000 units, 5 years valid, cancellation within 7 days, the remainder refunded net of the discount once 60%
     * (80% up to 10,000) is used, gifts up to 1,000,000 a month. Merchants: inside a recognised market, not a
     * restricted industry, annual revenue at most 3 billion ({@link MerchantRule#national()}).
     */
    public static Program national(ProgramId id, String name) {
        return new Program(
                id,
                name,
                ProgramKind.NATIONAL,
                null,
                1_000,
                Money.krw(2_000_000),
                Money.krw(1_000_000),
                Money.krw(2_000_000),
                Money.krw(10_000),
                60,
                new Program.CancellationRule(7, false),
                new Program.PartialRefundRule(
                        6_000, Money.krw(10_000), 8_000, true, Set.of(FundingMethod.BANK_ACCOUNT, FundingMethod.CARD)),
                new Program.GiftRule(
                        true, Money.krw(1_000_000), Set.of(FundingMethod.BANK_ACCOUNT, FundingMethod.CARD)));
    }

    /**
     * A town's program like Seoul Love: 7% off, 400,000 a month (as in the 2022 round), 1,000,000 held at once,
     * 10,000 units, 5 years valid, cancellable any time while unused, the remainder refunded in full once 60% (80% up
     * to 10,000) is used, card purchases neither giftable nor partly refundable, gifts up to 1,000,000 a month.
     * Merchants: registered in the town, annual revenue at most 3 billion, excluded industries refused; a city-wide
     * program lists its districts with {@link Program#withMerchants} (see {@link #SEOUL_TOWNS}).
     */
    public static Program regional(ProgramId id, String name, String townCode) {
        return new Program(
                id,
                name,
                ProgramKind.REGIONAL,
                townCode,
                700,
                Money.krw(400_000),
                Money.krw(400_000),
                Money.krw(1_000_000),
                Money.krw(10_000),
                60,
                new Program.CancellationRule(0, true),
                new Program.PartialRefundRule(
                        6_000, Money.krw(10_000), 8_000, false, Set.of(FundingMethod.BANK_ACCOUNT)),
                new Program.GiftRule(true, Money.krw(1_000_000), Set.of(FundingMethod.BANK_ACCOUNT)));
    }
}
