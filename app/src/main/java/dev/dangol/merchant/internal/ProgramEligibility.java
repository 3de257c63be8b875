package dev.dangol.merchant.internal;

import dev.dangol.merchant.Eligibility;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.program.MerchantRule;
import dev.dangol.program.Program;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Whether a merchant may accept a program's vouchers: its status first, then the program's rule for merchants. Every
 * refusal says what stands in the way and what would change it, since a merchant or an operator reads it.
 */
final class ProgramEligibility {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.of("Asia/Seoul"));

    private ProgramEligibility() {}

    static Eligibility of(Merchant merchant, Program program) {
        switch (merchant.status()) {
            case MerchantStatus.Suspended s -> {
                return new Eligibility.NotEligible("This merchant is suspended since " + DAY.format(s.since()) + " ("
                        + s.reason() + ") and cannot accept vouchers until an operator lifts the suspension.");
            }
            case MerchantStatus.Closed c -> {
                return new Eligibility.NotEligible("This merchant was closed on " + DAY.format(c.since()) + " ("
                        + c.reason() + "); pay by another means, or ask the merchant to register again.");
            }
            case MerchantStatus.Active a -> {
                // Active merchants go on to the program's rule.
            }
        }
        MerchantRule rule = program.merchants();
        String name = program.name();
        if (rule.excludedIndustries().contains(merchant.industry().name())) {
            return new Eligibility.NotEligible(merchant.industry().koreanLabel() + " ("
                    + merchant.industry().name()
                    + ") businesses cannot accept " + name + "; if the industry is recorded wrongly, have the"
                    + " agency correct it in the master data.");
        }
        if (rule.marketRequired() && merchant.market() == null) {
            return new Eligibility.NotEligible(name + " is accepted only inside a recognised traditional market or"
                    + " shopping district, and this merchant is recorded in none; if it is in one, have the agency"
                    + " record the market in the master data.");
        }
        if (!rule.towns().isEmpty() && !rule.towns().contains(merchant.townCode())) {
            return new Eligibility.NotEligible(name + " is accepted only by merchants registered in its towns, and"
                    + " this merchant is registered in town " + merchant.townCode() + "; vouchers of that town's"
                    + " own program may be accepted there.");
        }
        if (rule.annualRevenueCap() != null && !merchant.revenueBand().atMost(rule.annualRevenueCap())) {
            return new Eligibility.NotEligible(name + " is accepted only by merchants with annual revenue of at most "
                    + String.format(Locale.ROOT, "%,d", rule.annualRevenueCap().krw())
                    + " won, and this merchant's revenue band"
                    + " (" + merchant.revenueBand().name() + ") may exceed it; if the band is out of date, have"
                    + " the agency correct it in the master data.");
        }
        return Eligibility.ELIGIBLE;
    }
}
