package dev.dangol.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountQuery;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.ledger.Ledgers;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.Program;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramKind;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundBudget;
import dev.dangol.program.RoundStatus;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.MutableClock;
import dev.dangol.wallet.internal.LedgerWallets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Three programs with the figures of FACTS.md, an in-memory ledger and a clock that moves only when told. After
 * every test the books must balance and every wallet plus its holding room and holds must equal the holding cap.
 */
abstract class WalletScenario {

    /** Monday 2 November 2026, 09:00 in Seoul. */
    static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

    static final Instant ROUNDS_OPEN = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration HOLD = Duration.ofMinutes(10);

    static final PersonId KIM = PersonId.of("kim");
    static final PersonId LEE = PersonId.of("lee");
    static final PersonId PARK = PersonId.of("park");
    static final PersonId CHOI = PersonId.of("choi");
    static final List<PersonId> PEOPLE = List.of(KIM, LEE, PARK, CHOI);

    /** Digital Onnuri: national, 10% off, 10,000 won steps, net-of-discount partial refunds, gifts of any funding. */
    static final ProgramId ONNURI = ProgramId.of("onnuri");
    /** Seoul Love: regional, 7% off, 400,000 a month, cancellable any time while unused, cards neither given nor refunded. */
    static final ProgramId SEOUL = ProgramId.of("seoul-love");
    /** A national sale-day program sold in 1,000 won steps with gifting switched off. */
    static final ProgramId MARKET_DAY = ProgramId.of("market-day");

    static final RoundId ONNURI_ROUND = RoundId.of("onnuri-2026-11");
    static final RoundId SEOUL_ROUND = RoundId.of("seoul-2026-11");
    static final RoundId MARKET_DAY_ROUND = RoundId.of("market-day-2026-11");
    static final long BIG_BUDGET = 25_000_000_000L;
    static final long NO_ROUND_CAP = 10_000_000;
    /** An odd holiday rate, 12.34%, so that the discount of a 1,000 won step is not a whole won. */
    static final int ODD_DISCOUNT = 1_234;

    static final FundingMethod BANK = FundingMethod.BANK_ACCOUNT;
    static final FundingMethod CARD = FundingMethod.CARD;

    final MutableClock clock = new MutableClock(START, ZoneOffset.UTC);
    Ledger ledger;
    Programs programs;
    Wallets wallets;
    private final List<RoundId> rounds = new ArrayList<>();
    private int keys;

    @BeforeEach
    void openTheRounds() {
        ledger = Ledgers.inMemory(clock);
        programs = ProgramCatalogs.inMemory(ledger, clock);
        wallets = new LedgerWallets(ledger, programs, clock, HOLD);
        programs.define(onnuri());
        programs.define(seoulLove());
        programs.define(marketDay());
        schedule(ONNURI_ROUND, ONNURI, BIG_BUDGET, NO_ROUND_CAP, 1_000);
        schedule(SEOUL_ROUND, SEOUL, BIG_BUDGET, NO_ROUND_CAP, 700);
        schedule(MARKET_DAY_ROUND, MARKET_DAY, BIG_BUDGET, NO_ROUND_CAP, ODD_DISCOUNT);
    }

    @AfterEach
    void booksBalanceAndEveryWalletFitsItsHoldingCap() {
        try {
            LedgerAudit audit = ledger.audit();
            assertThat(audit.violations()).as("accounts breaking their flags").isEmpty();
            assertThat(audit.netByLedger())
                    .as("net of each ledger")
                    .allSatisfy((id, net) ->
                            assertThat(net).as("net of ledger %d", id).isZero());
            assertThat(audit.balanced()).isTrue();
            for (Program program : programs.programs()) {
                for (PersonId person : PEOPLE) {
                    WalletView wallet = wallets.wallet(person, program.id());
                    // Held: a reservation made before decision 0018 holds its holding room as a pending debit; one
                    // made since uses the room at once, and its lot waits for the face value as pending credits.
                    long holds = ledger.lookupAccount(VoucherLedger.holding(person, program.id()))
                                    .map(AccountBalance::debitsPending)
                                    .orElse(0L)
                            + ledger
                                    .queryAccounts(new AccountQuery(
                                            person + "/" + program.id(),
                                            VoucherLedger.MONEY,
                                            VoucherLedger.CODE_LOT,
                                            Long.MIN_VALUE,
                                            Long.MAX_VALUE,
                                            false,
                                            AccountQuery.MAX_LIMIT))
                                    .stream()
                                    .mapToLong(AccountBalance::creditsPending)
                                    .sum();
                    // A cancelled payment may give vouchers back past the cap; the over-cap account records by how
                    // much (decision 0013).
                    long overCap = ledger.lookupAccount("holding-over:" + person + ":" + program.id())
                            .map(a -> a.debitsPosted() - a.creditsPosted())
                            .orElse(0L);
                    assertThat(wallet.balance().krw() + wallet.holdingRoom().krw() + holds - overCap)
                            .as("wallet, holding room and holds of %s in %s", person, program.id())
                            .isEqualTo(program.holdingCap().krw());
                }
            }
        } finally {
            // Closing waits for the writer's next poll; do it off the test thread to keep the suite fast.
            if (ledger instanceof AutoCloseable closeable) {
                Thread.startVirtualThread(() -> closeQuietly(closeable));
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException("the test ledger did not close", e);
        }
    }

    static Program onnuri() {
        return new Program(
                ONNURI,
                "Digital Onnuri",
                ProgramKind.NATIONAL,
                null,
                1_000,
                krw(2_000_000),
                krw(1_000_000),
                krw(2_000_000),
                krw(10_000),
                60,
                new Program.CancellationRule(7, false),
                new Program.PartialRefundRule(6_000, krw(10_000), 8_000, true, Set.of(BANK, CARD)),
                new Program.GiftRule(true, krw(1_000_000), Set.of(BANK, CARD)));
    }

    static Program seoulLove() {
        return new Program(
                SEOUL,
                "Seoul Love",
                ProgramKind.REGIONAL,
                "11000",
                700,
                krw(400_000),
                krw(1_000_000),
                krw(1_000_000),
                krw(10_000),
                60,
                new Program.CancellationRule(0, true),
                new Program.PartialRefundRule(6_000, krw(10_000), 8_000, false, Set.of(BANK)),
                new Program.GiftRule(true, krw(1_000_000), Set.of(BANK)));
    }

    static Program marketDay() {
        return new Program(
                MARKET_DAY,
                "Market Day",
                ProgramKind.NATIONAL,
                null,
                1_000,
                krw(2_000_000),
                krw(1_000_000),
                krw(2_000_000),
                krw(1_000),
                60,
                new Program.CancellationRule(7, false),
                new Program.PartialRefundRule(6_000, krw(10_000), 8_000, true, Set.of(BANK, CARD)),
                new Program.GiftRule(false, krw(1_000_000), Set.of(BANK, CARD)));
    }

    /** Schedules an open-ended round that opened before the tests start. */
    Round schedule(RoundId id, ProgramId program, long budget, long perPersonCap, int discountBasisPoints) {
        return schedule(new Round(
                id,
                program,
                id.value(),
                krw(budget),
                ROUNDS_OPEN,
                null,
                krw(perPersonCap),
                discountBasisPoints,
                RoundStatus.ACTIVE));
    }

    Round schedule(Round round) {
        rounds.add(round.id());
        return programs.schedule(round);
    }

    static Money krw(long krw) {
        return Money.krw(krw);
    }

    IdempotencyKey newKey() {
        keys++;
        return new IdempotencyKey("key-%08d".formatted(keys));
    }

    Purchase reserve(PersonId buyer, RoundId round, long faceValue) {
        return reserve(buyer, round, faceValue, BANK);
    }

    Purchase reserve(PersonId buyer, RoundId round, long faceValue, FundingMethod funding) {
        return wallets.reserve(new PurchaseOrder(buyer, round, krw(faceValue), funding, newKey()));
    }

    Purchase buy(PersonId buyer, RoundId round, long faceValue) {
        return buy(buyer, round, faceValue, BANK);
    }

    Purchase buy(PersonId buyer, RoundId round, long faceValue, FundingMethod funding) {
        Purchase reserved = reserve(buyer, round, faceValue, funding);
        return wallets.confirm(buyer, reserved.id());
    }

    Gift give(PersonId sender, PersonId recipient, ProgramId program, long amount) {
        return wallets.gift(new GiftOrder(sender, recipient, program, krw(amount), newKey()));
    }

    WalletView wallet(PersonId person, ProgramId program) {
        return wallets.wallet(person, program);
    }

    Money balance(PersonId person, ProgramId program) {
        return wallet(person, program).balance();
    }

    RoundBudget budget(RoundId round) {
        return programs.budget(round);
    }

    AccountBalance account(String id) {
        return ledger.lookupAccount(id).orElseThrow(() -> new AssertionError("no ledger account " + id));
    }

    /** Credits less debits posted: what an unconstrained account such as a clearing account received net. */
    long netPosted(String accountId) {
        return account(accountId).postedBalance();
    }

    static Rejection refusal(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(Rejection.class);
        return (Rejection) thrown;
    }

    /** Runs a call that must be refused, and checks that no wallet, limit, budget or payment moved. */
    Rejection refusedWithoutChange(ThrowingCallable call) {
        State before = state();
        Rejection rejection = refusal(call);
        assertThat(state()).as("state after the refusal " + rejection.code()).isEqualTo(before);
        return rejection;
    }

    /** Every wallet, round budget and payment account, to compare before and after a step. */
    record State(List<WalletView> wallets, List<RoundBudget> budgets, Map<String, AccountBalance> money) {}

    State state() {
        List<WalletView> views = new ArrayList<>();
        for (Program program : programs.programs()) {
            for (PersonId person : PEOPLE) {
                views.add(wallets.wallet(person, program.id()));
            }
        }
        List<String> money = new ArrayList<>();
        money.add(VoucherLedger.clearing(BANK));
        money.add(VoucherLedger.clearing(CARD));
        List<RoundBudget> budgets = new ArrayList<>();
        for (RoundId round : rounds) {
            budgets.add(programs.budget(round));
            money.add(VoucherLedger.subsidy(round));
        }
        return new State(views, budgets, ledger.lookupAccounts(money));
    }
}
