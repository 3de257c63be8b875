package dev.dangol.program;

import dev.dangol.shared.Money;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which merchants may accept a program's vouchers. Industries are named by the merchant registry's industry codes
 * (such as {@code LARGE_MART}) rather than its types, so that programs do not depend on the registry: the registry
 * reads this rule, never the other way round.
 *
 * @param marketRequired the merchant must be inside a recognised traditional market or shopping district (Onnuri)
 * @param towns 5-digit town codes the merchant must be registered in; empty for anywhere in the country
 * @param annualRevenueCap every revenue in the merchant's revenue band must be at most this; null for no cap
 * @param excludedIndustries industry codes refused whatever else holds
 */
public record MerchantRule(
        boolean marketRequired, Set<String> towns, Money annualRevenueCap, Set<String> excludedIndustries) {

    /** The most towns a rule may list: a province's towns, with room to spare. */
    public static final int TOWNS_MAX = 300;

    public static final int EXCLUDED_INDUSTRIES_MAX = 100;

    /** Excluded from regional programs (FACTS.md): department stores, large marts, entertainment bars, gambling, real
     * estate, finance. */
    public static final Set<String> REGIONAL_EXCLUDED =
            Set.of("DEPARTMENT_STORE", "LARGE_MART", "ENTERTAINMENT_BAR", "GAMBLING", "REAL_ESTATE", "FINANCE");

    /**
     * Restricted for Onnuri-like programs. The real list has 28 entries in the agency's own classification; the
     * registry's coarser industries map onto these, and an operator extends the list per program.
     */
    public static final Set<String> NATIONAL_RESTRICTED =
            Set.of("DEPARTMENT_STORE", "LARGE_MART", "ENTERTAINMENT_BAR", "GAMBLING", "REAL_ESTATE", "FINANCE", "FUEL");

    /** The planned cap on merchants' annual revenue: 3 billion won. */
    public static final Money REVENUE_CAP = Money.krw(3_000_000_000L);

    public MerchantRule {
        Program.require(towns != null && towns.size() <= TOWNS_MAX, "a rule lists at most " + TOWNS_MAX + " towns");
        for (String town : towns) {
            Program.require(town != null && town.matches("[0-9]{5}"), "a town code must be 5 digits");
        }
        Program.require(annualRevenueCap == null || annualRevenueCap.isPositive(), "a revenue cap must be positive");
        Program.require(
                excludedIndustries != null && excludedIndustries.size() <= EXCLUDED_INDUSTRIES_MAX,
                "a rule excludes at most " + EXCLUDED_INDUSTRIES_MAX + " industries");
        for (String industry : excludedIndustries) {
            Program.require(
                    industry != null && industry.matches("[A-Z][A-Z_]{0,31}"),
                    "an industry code is capital letters and '_', up to 32 characters");
        }
        // Sorted copies, so that two equal rules print and compare alike whatever order they were given in.
        towns = Set.copyOf(new TreeSet<>(towns));
        excludedIndustries = Set.copyOf(new TreeSet<>(excludedIndustries));
    }

    /** An Onnuri-like rule: a recognised market, not a restricted industry, revenue at most 3 billion. */
    public static MerchantRule national() {
        return new MerchantRule(true, Set.of(), REVENUE_CAP, NATIONAL_RESTRICTED);
    }

    /** A town's rule: registered in one of the towns, revenue at most 3 billion, excluded industries refused. */
    public static MerchantRule regional(Set<String> towns) {
        return new MerchantRule(false, towns, REVENUE_CAP, REGIONAL_EXCLUDED);
    }

    /** The rule a program of this kind has when none was given. */
    public static MerchantRule defaultFor(ProgramKind kind, String townCode) {
        if (kind == ProgramKind.NATIONAL) {
            return national();
        }
        // A malformed town code is the program's to refuse, with its own message; the rule then names no town.
        return regional(townCode != null && townCode.matches("[0-9]{5}") ? Set.of(townCode) : Set.of());
    }
}
