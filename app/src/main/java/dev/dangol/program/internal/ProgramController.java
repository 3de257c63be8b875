package dev.dangol.program.internal;

import dev.dangol.program.FundingMethod;
import dev.dangol.program.MerchantRule;
import dev.dangol.program.Program;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.ProgramKind;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundBudget;
import dev.dangol.program.RoundPhase;
import dev.dangol.program.RoundStatus;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.shared.SignedInOperator;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Programs and rounds over JSON. Anyone may read them, signed in or not: they are what a round offers. Defining and
 * steering them is for operators ({@link SignedInOperator}).
 */
@RestController
@RequestMapping("/api/v1")
class ProgramController {

    private final Programs programs;

    ProgramController(Programs programs) {
        this.programs = programs;
    }

    @GetMapping("/programs")
    List<ProgramJson> programs() {
        return programs.programs().stream().map(ProgramJson::of).toList();
    }

    @GetMapping("/programs/{programId}")
    ProgramJson program(@PathVariable String programId) {
        return ProgramJson.of(find(ProgramId.of(programId)));
    }

    /** Defines a program; fields left out take the defaults of its kind (FACTS.md). Repeating it is harmless. */
    @PutMapping("/programs/{programId}")
    ProgramJson define(SignedInOperator operator, @PathVariable String programId, @RequestBody ProgramJson body) {
        return ProgramJson.of(programs.define(body.toProgram(ProgramId.of(programId))));
    }

    @GetMapping("/programs/{programId}/rounds")
    List<RoundJson> rounds(@PathVariable String programId) {
        ProgramId id = ProgramId.of(programId);
        find(id);
        return programs.rounds(id).stream().map(this::view).toList();
    }

    /** Schedules a round and issues its budget. Repeating it is harmless. */
    @PutMapping("/rounds/{roundId}")
    RoundJson schedule(SignedInOperator operator, @PathVariable String roundId, @RequestBody RoundRequest body) {
        if (body.programId() == null) {
            throw Rejection.invalid("PROGRAM_ID_MISSING", "Name the program the round belongs to in 'programId'.");
        }
        Program program = find(ProgramId.of(body.programId()));
        Round round = new Round(
                RoundId.of(roundId),
                program.id(),
                body.name(),
                Money.krw(required(body.budget(), "budget")),
                body.opensAt(),
                body.closesAt(),
                Money.krw(required(body.perPersonCap(), "perPersonCap")),
                body.discountBasisPoints() == null ? program.discountBasisPoints() : body.discountBasisPoints(),
                RoundStatus.ACTIVE);
        return view(programs.schedule(round));
    }

    @GetMapping("/rounds/{roundId}")
    RoundJson round(@PathVariable String roundId) {
        return view(findRound(RoundId.of(roundId)));
    }

    /** Pauses (PAUSED), resumes (ACTIVE) or closes (CLOSED) a round. */
    @PostMapping("/rounds/{roundId}/status")
    RoundJson status(SignedInOperator operator, @PathVariable String roundId, @RequestBody StatusRequest body) {
        if (body.status() == null) {
            throw Rejection.invalid("STATUS_MISSING", "Give 'status': ACTIVE, PAUSED or CLOSED.");
        }
        findRound(RoundId.of(roundId));
        return view(programs.setStatus(RoundId.of(roundId), body.status()));
    }

    private Program find(ProgramId id) {
        return programs.program(id)
                .orElseThrow(() -> Rejection.notFound("PROGRAM_NOT_FOUND", "There is no program " + id + "."));
    }

    private Round findRound(RoundId id) {
        return programs.round(id)
                .orElseThrow(() -> Rejection.notFound("ROUND_NOT_FOUND", "There is no round " + id + "."));
    }

    private RoundJson view(Round round) {
        RoundBudget budget = programs.budget(round.id());
        return new RoundJson(
                round.id().value(),
                round.programId().value(),
                round.name(),
                round.opensAt(),
                round.closesAt(),
                round.perPersonCap().krw(),
                round.discountBasisPoints(),
                round.status(),
                programs.phase(round),
                new BudgetJson(
                        budget.total().krw(),
                        budget.remaining().krw(),
                        budget.held().krw(),
                        budget.sold().krw()));
    }

    private static long required(Long value, String field) {
        if (value == null) {
            throw Rejection.invalid("FIELD_MISSING", "Give '" + field + "' in won.");
        }
        return value;
    }

    record StatusRequest(RoundStatus status) {}

    record RoundRequest(
            String programId,
            String name,
            Long budget,
            Instant opensAt,
            Instant closesAt,
            Long perPersonCap,
            Integer discountBasisPoints) {}

    record BudgetJson(long total, long remaining, long held, long sold) {}

    record RoundJson(
            String id,
            String programId,
            String name,
            Instant opensAt,
            Instant closesAt,
            long perPersonCap,
            int discountBasisPoints,
            RoundStatus status,
            RoundPhase phase,
            BudgetJson budget) {}

    record CancellationJson(Integer windowDays, Boolean anyTimeWhileUnused) {}

    record PartialRefundJson(
            Integer usedShareBasisPoints,
            Long smallFaceValueMax,
            Integer smallUsedShareBasisPoints,
            Boolean netOfDiscount,
            Set<FundingMethod> funding) {}

    record GiftsJson(Boolean enabled, Long monthlyReceiptLimit, Set<FundingMethod> giftableFunding) {}

    /**
     * Which merchants may accept the program's vouchers; industries are the merchant registry's codes. A field left
     * out takes the default of the program's kind.
     */
    record MerchantsJson(
            Boolean marketRequired, Set<String> towns, Long annualRevenueCap, Set<String> excludedIndustries) {}

    /** A program in JSON; on input, absent fields take the defaults of the program's kind. */
    record ProgramJson(
            String id,
            String name,
            ProgramKind kind,
            String townCode,
            Integer discountBasisPoints,
            Long monthlyPurchaseLimit,
            Long cardMonthlyLimit,
            Long holdingCap,
            Long purchaseUnit,
            Integer validityMonths,
            CancellationJson cancellation,
            PartialRefundJson partialRefund,
            GiftsJson gifts,
            MerchantsJson merchants) {

        static ProgramJson of(Program p) {
            return new ProgramJson(
                    p.id().value(),
                    p.name(),
                    p.kind(),
                    p.townCode(),
                    p.discountBasisPoints(),
                    p.monthlyPurchaseLimit().krw(),
                    p.cardMonthlyLimit().krw(),
                    p.holdingCap().krw(),
                    p.purchaseUnit().krw(),
                    p.validityMonths(),
                    new CancellationJson(
                            p.cancellation().windowDays(), p.cancellation().anyTimeWhileUnused()),
                    new PartialRefundJson(
                            p.partialRefund().usedShareBasisPoints(),
                            p.partialRefund().smallFaceValueMax().krw(),
                            p.partialRefund().smallUsedShareBasisPoints(),
                            p.partialRefund().netOfDiscount(),
                            p.partialRefund().funding()),
                    new GiftsJson(
                            p.gifts().enabled(),
                            p.gifts().monthlyReceiptLimit().krw(),
                            p.gifts().giftableFunding()),
                    new MerchantsJson(
                            p.merchants().marketRequired(),
                            p.merchants().towns(),
                            p.merchants().annualRevenueCap() == null
                                    ? null
                                    : p.merchants().annualRevenueCap().krw(),
                            p.merchants().excludedIndustries()));
        }

        Program toProgram(ProgramId id) {
            if (kind == null) {
                throw Rejection.invalid("KIND_MISSING", "Give 'kind': NATIONAL or REGIONAL.");
            }
            String programName = name == null ? id.value() : name;
            Program d = kind == ProgramKind.NATIONAL
                    ? ProgramDefaults.national(id, programName)
                    : ProgramDefaults.regional(id, programName, townCode == null ? "00000" : townCode);
            CancellationJson c = cancellation == null ? new CancellationJson(null, null) : cancellation;
            PartialRefundJson r =
                    partialRefund == null ? new PartialRefundJson(null, null, null, null, null) : partialRefund;
            GiftsJson g = gifts == null ? new GiftsJson(null, null, null) : gifts;
            MerchantsJson m = merchants == null ? new MerchantsJson(null, null, null, null) : merchants;
            MerchantRule dm = MerchantRule.defaultFor(kind, townCode);
            return new Program(
                    id,
                    programName,
                    kind,
                    kind == ProgramKind.NATIONAL ? townCode : or(townCode, null),
                    or(discountBasisPoints, d.discountBasisPoints()),
                    money(monthlyPurchaseLimit, d.monthlyPurchaseLimit()),
                    money(cardMonthlyLimit, d.cardMonthlyLimit()),
                    money(holdingCap, d.holdingCap()),
                    money(purchaseUnit, d.purchaseUnit()),
                    or(validityMonths, d.validityMonths()),
                    new Program.CancellationRule(
                            or(c.windowDays(), d.cancellation().windowDays()),
                            or(c.anyTimeWhileUnused(), d.cancellation().anyTimeWhileUnused())),
                    new Program.PartialRefundRule(
                            or(r.usedShareBasisPoints(), d.partialRefund().usedShareBasisPoints()),
                            money(r.smallFaceValueMax(), d.partialRefund().smallFaceValueMax()),
                            or(r.smallUsedShareBasisPoints(), d.partialRefund().smallUsedShareBasisPoints()),
                            or(r.netOfDiscount(), d.partialRefund().netOfDiscount()),
                            or(r.funding(), d.partialRefund().funding())),
                    new Program.GiftRule(
                            or(g.enabled(), d.gifts().enabled()),
                            money(g.monthlyReceiptLimit(), d.gifts().monthlyReceiptLimit()),
                            or(g.giftableFunding(), d.gifts().giftableFunding())),
                    new MerchantRule(
                            or(m.marketRequired(), dm.marketRequired()),
                            or(m.towns(), dm.towns()),
                            money(m.annualRevenueCap(), dm.annualRevenueCap()),
                            or(m.excludedIndustries(), dm.excludedIndustries())));
        }

        private static <T> T or(T value, T fallback) {
            return value == null ? fallback : value;
        }

        private static Money money(Long value, Money fallback) {
            return value == null ? fallback : Money.krw(value);
        }
    }
}
