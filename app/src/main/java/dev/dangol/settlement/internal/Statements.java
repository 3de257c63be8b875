package dev.dangol.settlement.internal;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.Ledger;
import dev.dangol.program.Program;
import dev.dangol.program.Programs;
import dev.dangol.program.VoucherLedger;
import dev.dangol.settlement.BusinessCalendar;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merchants' statements, from the ledger (what was taken and cancelled in each business day's batch, what the
 * payable account holds now) and from the settlement runs' records (fee, payout, hold). A month's statement covers the
 * business days of the month; the first one's batch may start in the month before, on the weekend before it.
 */
final class Statements {

    /** A month has at most 23 business days; a statement never reads more than this many. */
    static final int DAYS_MAX = 31;

    private static final int PROGRAMS_MAX = 1_000;

    private final Ledger ledger;
    private final LedgerTakings takings;
    private final Programs programs;
    private final SettlementRecords records;
    private final BusinessCalendar calendar;
    private final Clock clock;
    private final int payoutDelayBusinessDays;

    Statements(
            Ledger ledger,
            Programs programs,
            SettlementRecords records,
            BusinessCalendar calendar,
            Clock clock,
            int payoutDelayBusinessDays) {
        this.ledger = ledger;
        this.takings = new LedgerTakings(ledger);
        this.programs = programs;
        this.records = records;
        this.calendar = calendar;
        this.clock = clock;
        this.payoutDelayBusinessDays = payoutDelayBusinessDays;
    }

    Statement day(MerchantId merchant, LocalDate day) {
        if (!calendar.isBusinessDay(day)) {
            throw Rejection.invalid(
                    "NOT_A_BUSINESS_DAY",
                    day + " is a weekend day or a holiday; its payments are in the statement of "
                            + calendar.nextBusinessDay(day) + ".");
        }
        return statement(merchant, List.of(day));
    }

    Statement month(MerchantId merchant, YearMonth month) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
            if (calendar.isBusinessDay(d)) {
                days.add(d);
            }
        }
        return statement(merchant, days);
    }

    private Statement statement(MerchantId merchant, List<LocalDate> days) {
        if (days.isEmpty() || days.size() > DAYS_MAX) {
            throw new IllegalArgumentException("a statement covers 1 to " + DAYS_MAX + " business days");
        }
        Instant now = clock.instant();
        LocalDate from = days.getFirst();
        LocalDate to = days.getLast();
        Map<ProgramId, AccountBalance> payables = payablesOf(merchant);
        Map<String, Payout> decided = new HashMap<>();
        for (Payout p : records.payoutsOf(merchant, from, to, DAYS_MAX * PROGRAMS_MAX)) {
            decided.put(p.businessDay() + "|" + p.program(), p);
        }
        List<Statement.Line> lines = new ArrayList<>();
        for (LocalDate day : days) {
            Instant start = calendar.batchStart(day);
            if (!start.isBefore(now)) {
                continue;
            }
            Instant end = calendar.batchEnd(day);
            for (ProgramId program : payables.keySet()) {
                Takings t = takings.takings(program, merchant, start, end);
                Payout p = decided.get(day + "|" + program);
                if (t.paymentCount() + t.cancellationCount() == 0 && p == null) {
                    continue;
                }
                String settlement = p != null ? p.outcome().name() : (end.isAfter(now) ? "OPEN" : "NOT_RUN");
                lines.add(new Statement.Line(
                        day,
                        program,
                        t.payments(),
                        t.paymentCount(),
                        t.cancellations(),
                        t.cancellationCount(),
                        p == null ? Money.ZERO : p.fee(),
                        p == null ? Money.ZERO : p.payout(),
                        settlement,
                        calendar.payoutDay(day, payoutDelayBusinessDays),
                        Payout.reference(day, program, merchant)));
            }
        }
        Map<ProgramId, Money> stillPayable = new LinkedHashMap<>();
        payables.forEach((program, account) -> stillPayable.put(program, Money.krw(account.postedBalance())));
        return new Statement(merchant, from, to, lines, stillPayable, now);
    }

    /** The merchant's payable accounts, one per program it has ever been paid in. */
    private Map<ProgramId, AccountBalance> payablesOf(MerchantId merchant) {
        List<String> ids = new ArrayList<>();
        for (Program program : programs.programs().stream().limit(PROGRAMS_MAX).toList()) {
            ids.add(VoucherLedger.merchantPayable(program.id(), merchant));
        }
        Map<String, AccountBalance> found = ledger.lookupAccounts(ids);
        Map<ProgramId, AccountBalance> byProgram = new LinkedHashMap<>();
        for (Program program : programs.programs().stream().limit(PROGRAMS_MAX).toList()) {
            AccountBalance account = found.get(VoucherLedger.merchantPayable(program.id(), merchant));
            if (account != null) {
                byProgram.put(program.id(), account);
            }
        }
        return byProgram;
    }
}
