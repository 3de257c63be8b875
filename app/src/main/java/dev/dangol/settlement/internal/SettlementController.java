package dev.dangol.settlement.internal;

import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.shared.SignedInOperator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators settle business days, download the bank's payout file, claim subsidies and reconcile. A day's run is
 * its own idempotency key: the ledger transfers it makes are named by day, program and merchant, so repeating the
 * call moves no money twice and pays only what was held before and can be paid now (docs/decisions/0014).
 */
@RestController
@RequestMapping("/api/v1/operator/settlements")
class SettlementController {

    /** The most payouts one answer lists; the payout file has them all. */
    static final int PAYOUTS_LISTED_MAX = 10_000;

    private final DailySettlement settlement;
    private final JdbcSettlementRecords records;
    private final SubsidyClaims claims;
    private final Reconciliation reconciliation;

    SettlementController(
            DailySettlement settlement,
            JdbcSettlementRecords records,
            SubsidyClaims claims,
            Reconciliation reconciliation) {
        this.settlement = settlement;
        this.records = records;
        this.claims = claims;
        this.reconciliation = reconciliation;
    }

    /** Runs a business day's settlement (again). */
    @PostMapping("/{day}/run")
    RunJson run(SignedInOperator operator, @PathVariable String day) {
        SettlementRun run = settlement.run(day(day));
        return RunJson.of(run.businessDay(), run.payoutDay(), run.from(), run.until(), run.finishedAt(), run.payouts());
    }

    /** What the last run of a day decided. */
    @GetMapping("/{day}")
    RunJson show(SignedInOperator operator, @PathVariable String day) {
        LocalDate businessDay = settlement.requireBusinessDay(day(day));
        Instant finishedAt = records.finishedAt(businessDay)
                .orElseThrow(() -> Rejection.notFound(
                        "SETTLEMENT_NOT_RUN",
                        "The settlement of " + businessDay + " has not run yet; run it with POST .../" + businessDay
                                + "/run once its batch has closed."));
        var calendar = settlement.calendar();
        return RunJson.of(
                businessDay,
                calendar.payoutDay(businessDay, settlement.payoutDelayBusinessDays()),
                calendar.batchStart(businessDay),
                calendar.batchEnd(businessDay),
                finishedAt,
                records.payouts(businessDay, DailySettlement.PAYOUTS_PER_DAY_MAX));
    }

    /** The bank's payout file of a day's last run (docs/settlement-files.md). */
    @GetMapping("/{day}/payout-file")
    ResponseEntity<byte[]> payoutFile(SignedInOperator operator, @PathVariable String day) {
        LocalDate businessDay = settlement.requireBusinessDay(day(day));
        Instant finishedAt = records.finishedAt(businessDay)
                .orElseThrow(() -> Rejection.notFound(
                        "SETTLEMENT_NOT_RUN",
                        "The settlement of " + businessDay + " has not run yet, so it has no payout file; run it"
                                + " first."));
        String file = PayoutFile.render(
                businessDay,
                settlement.calendar().payoutDay(businessDay, settlement.payoutDelayBusinessDays()),
                finishedAt,
                records.payouts(businessDay, DailySettlement.PAYOUTS_PER_DAY_MAX));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"dangol-payout-" + businessDay + ".txt\"")
                .body(file.getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/subsidy-claims/{programId}/rounds/{roundId}")
    SubsidyClaimJson claim(SignedInOperator operator, @PathVariable String programId, @PathVariable String roundId) {
        return SubsidyClaimJson.of(claims.claim(program(programId), round(roundId)));
    }

    @GetMapping("/subsidy-claims/{programId}/rounds/{roundId}/csv")
    ResponseEntity<byte[]> claimCsv(
            SignedInOperator operator, @PathVariable String programId, @PathVariable String roundId) {
        SubsidyClaim claim = claims.claim(program(programId), round(roundId));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"dangol-subsidy-claim-" + programId + "-" + roundId + ".csv\"")
                .body(claim.csv().getBytes(StandardCharsets.UTF_8));
    }

    /** Runs a reconciliation now and answers what it found. */
    @GetMapping("/reconciliation")
    ReconciliationJson reconcile(SignedInOperator operator) {
        return ReconciliationJson.of(reconciliation.check());
    }

    static LocalDate day(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw Rejection.invalid(
                    "DAY_INVALID",
                    "Give the day as YYYY-MM-DD, for example 2026-12-04; got '"
                            + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'.");
        }
    }

    private static ProgramId program(String text) {
        try {
            return ProgramId.of(text);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid("PROGRAM_ID_INVALID", "A program id is 1 to 64 letters, digits, '-' or '_'.");
        }
    }

    private static RoundId round(String text) {
        try {
            return RoundId.of(text);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid("ROUND_ID_INVALID", "A round id is 1 to 64 letters, digits, '-' or '_'.");
        }
    }

    record PayoutJson(
            String programId,
            String merchantId,
            long paymentsKrw,
            int paymentCount,
            long cancellationsKrw,
            int cancellationCount,
            int feeBasisPoints,
            long feeKrw,
            long payoutKrw,
            String outcome,
            String bankCode,
            String accountMasked,
            String reference) {

        static PayoutJson of(Payout p) {
            return new PayoutJson(
                    p.program().value(),
                    p.merchant().value(),
                    p.payments().krw(),
                    p.paymentCount(),
                    p.cancellations().krw(),
                    p.cancellationCount(),
                    p.feeBasisPoints(),
                    p.fee().krw(),
                    p.payout().krw(),
                    p.outcome().name(),
                    p.account() == null ? null : p.account().bankCode(),
                    p.account() == null ? null : p.account().masked(),
                    p.reference());
        }
    }

    record RunJson(
            LocalDate businessDay,
            LocalDate payoutDay,
            Instant batchFrom,
            Instant batchUntil,
            Instant finishedAt,
            Map<String, Long> outcomes,
            long paidKrw,
            long feesKrw,
            long heldKrw,
            int payoutCount,
            List<PayoutJson> payouts) {

        static RunJson of(
                LocalDate day, LocalDate payoutDay, Instant from, Instant until, Instant finishedAt, List<Payout> all) {
            SettlementRun run = new SettlementRun(day, from, until, payoutDay, all, finishedAt);
            Map<String, Long> outcomes = new TreeMap<>();
            for (PayoutOutcome outcome : PayoutOutcome.values()) {
                long n = run.count(outcome);
                if (n > 0) {
                    outcomes.put(outcome.name(), n);
                }
            }
            return new RunJson(
                    day,
                    payoutDay,
                    from,
                    until,
                    finishedAt,
                    outcomes,
                    run.paid().krw(),
                    run.fees().krw(),
                    run.held().krw(),
                    all.size(),
                    all.stream().limit(PAYOUTS_LISTED_MAX).map(PayoutJson::of).toList());
        }
    }

    record SubsidyClaimJson(
            String programId,
            String roundId,
            String roundName,
            int discountBasisPoints,
            long discountsPaidKrw,
            long subsidyReturnedKrw,
            long claimedKrw,
            long pendingKrw,
            Instant asOf) {

        static SubsidyClaimJson of(SubsidyClaim c) {
            return new SubsidyClaimJson(
                    c.program().value(),
                    c.round().value(),
                    c.roundName(),
                    c.discountBasisPoints(),
                    c.discountsPaid().krw(),
                    c.subsidyReturned().krw(),
                    c.claimed().krw(),
                    c.pending().krw(),
                    c.asOf());
        }
    }

    record ReconciliationJson(
            Instant checkedAt,
            boolean balanced,
            long mismatchCount,
            List<String> mismatches,
            Map<Integer, Long> netByLedger,
            long clearingPostedKrw,
            long clearingPendingKrw,
            Long gatewayCapturedKrw,
            long payablesChecked) {

        static ReconciliationJson of(ReconciliationReport r) {
            Money captured = r.gatewayCaptured();
            return new ReconciliationJson(
                    r.checkedAt(),
                    r.balanced(),
                    r.mismatchCount(),
                    r.mismatches(),
                    new TreeMap<>(r.netByLedger()),
                    r.clearingPosted().krw(),
                    r.clearingPending().krw(),
                    captured == null ? null : captured.krw(),
                    r.payablesChecked());
        }
    }
}
