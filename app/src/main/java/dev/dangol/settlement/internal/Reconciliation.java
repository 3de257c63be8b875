package dev.dangol.settlement.internal;

import dev.dangol.gateway.GatewayCaptures;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that the books agree with themselves and with the gateway:
 *
 * <ul>
 *   <li>every ledger (unit) sums to zero and no account breaks its own flags;
 *   <li>the payment-clearing accounts hold what the gateway captured: purchases take the buyers' money from them and
 *       refunds give it back, so their posted debits less credits must equal the gateway's captures, give or take
 *       purchases the gateway approved whose confirmation has not reached the ledger yet (pending);
 *   <li>every merchant's payable balance is its payments less cancellations, fees and settlements: money that reached
 *       it any other way is reported.
 * </ul>
 */
final class Reconciliation {

    private static final System.Logger LOG = System.getLogger(Reconciliation.class.getName());

    private final Ledger ledger;
    private final LedgerTakings takings;
    private final Optional<GatewayCaptures> captures;
    private final Clock clock;
    private final SettlementObserver observer;

    Reconciliation(Ledger ledger, Optional<GatewayCaptures> captures, Clock clock, SettlementObserver observer) {
        this.ledger = ledger;
        this.takings = new LedgerTakings(ledger);
        this.captures = captures;
        this.clock = clock;
        this.observer = observer;
    }

    ReconciliationReport check() {
        List<String> mismatches = new ArrayList<>();
        long[] count = {0};
        LedgerAudit audit = ledger.audit();
        for (Map.Entry<Integer, Long> net : audit.netByLedger().entrySet()) {
            if (net.getValue() != 0) {
                note(
                        mismatches,
                        count,
                        "Ledger " + net.getKey() + " does not sum to zero: it is off by " + net.getValue() + ".");
            }
        }
        for (String violation : audit.violations()) {
            note(mismatches, count, "Account " + violation + ".");
        }

        long clearingPosted = 0;
        long clearingPending = 0;
        for (FundingMethod method : FundingMethod.values()) {
            Optional<AccountBalance> clearing = ledger.lookupAccount(VoucherLedger.clearing(method));
            if (clearing.isPresent()) {
                clearingPosted += clearing.get().debitsPosted() - clearing.get().creditsPosted();
                clearingPending +=
                        clearing.get().debitsPending() - clearing.get().creditsPending();
            }
        }
        Money captured = null;
        if (captures.isPresent()) {
            captured = captures.get().totals().captured();
            long unconfirmed = captured.krw() - clearingPosted;
            if (unconfirmed < 0 || unconfirmed > Math.max(0, clearingPending)) {
                note(
                        mismatches,
                        count,
                        "The payment-clearing accounts hold " + clearingPosted
                                + " won from confirmed purchases (" + clearingPending
                                + " pending) but the gateway captured "
                                + captured.krw() + " won.");
            }
        }

        long[] payables = {0};
        takings.forEachPayable(account -> LedgerTakings.ownerOf(account.id())
                .ifPresentOrElse(
                        owner -> {
                            payables[0]++;
                            Takings all = takings.takings(
                                    owner.program(),
                                    owner.merchant(),
                                    LedgerTakings.BEGINNING,
                                    LedgerTakings.END_OF_TIME);
                            long expected = all.payments()
                                    .minus(all.cancellations())
                                    .minus(all.fees())
                                    .minus(all.settled())
                                    .krw();
                            if (expected != account.postedBalance()
                                    || all.unexplained().krw() != 0) {
                                note(
                                        mismatches,
                                        count,
                                        "Merchant " + owner.merchant() + " in program " + owner.program()
                                                + ": payable is " + account.postedBalance()
                                                + " won but payments less cancellations,"
                                                + " fees and settlements make " + expected + " won ("
                                                + all.unexplained().krw() + " won moved by other transfers).");
                            }
                        },
                        () -> note(
                                mismatches,
                                count,
                                "Account " + account.id() + " is a merchant payable account whose id"
                                        + " names no program and merchant.")));

        ReconciliationReport report = new ReconciliationReport(
                clock.instant(),
                audit.netByLedger(),
                Money.krw(clearingPosted),
                Money.krw(clearingPending),
                captured,
                payables[0],
                mismatches,
                count[0]);
        if (!report.balanced()) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    () -> "reconciliation found " + report.mismatchCount() + " mismatches; the first: "
                            + report.mismatches().getFirst());
        }
        observer.reconciled(report);
        return report;
    }

    private static void note(List<String> mismatches, long[] count, String sentence) {
        count[0]++;
        if (mismatches.size() < ReconciliationReport.MISMATCHES_MAX) {
            mismatches.add(sentence);
        }
    }
}
