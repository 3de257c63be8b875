package dev.dangol.ledger;

import static dev.dangol.ledger.AccountFlag.CREDITS_MUST_NOT_EXCEED_DEBITS;
import static dev.dangol.ledger.AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS;
import static dev.dangol.ledger.TransferResult.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.testing.MutableClock;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the ledger with its boundaries, written once and run against each store: memory, H2 and
 * PostgreSQL. An implementation only says how to make a fresh, empty ledger; it closes what it made after each test.
 */
public interface LedgerRulesContract {

    int WON = 1;
    int POINTS = 2;
    int CODE = 10;

    /** A fresh, empty ledger reading this clock. */
    Ledger newLedger(Clock clock);

    // ---------------------------------------------------------------------------------------------------------------
    // Single-phase transfers and balance constraints
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    default void aSinglePhaseTransferMovesBalancesOnBothSides() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("alice"));

        assertThat(submit(ledger, Transfer.single("t1", "bank", "alice", 100, WON, CODE)))
                .containsExactly(OK);

        assertThat(balances(ledger, "bank")).isEqualTo(new Balances(0, 100, 0, 0));
        assertThat(balances(ledger, "alice")).isEqualTo(new Balances(0, 0, 0, 100));
        TransferRecord recorded = ledger.lookupTransfer("t1").orElseThrow();
        assertThat(recorded.result()).isEqualTo(OK);
        assertThat(recorded.pendingState()).isNull();
        assertThat(recorded.createdAt()).isEqualTo(MutableClock.START);
        assertThat(ledger.transfersOf("alice", 10))
                .extracting(TransferRecord::id)
                .containsExactly("t1");
        assertBalanced(ledger);
    }

    @Test
    default void onlyAnAccountFlaggedHistoryListsItsTransfers() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), Account.of("quiet", WON, CODE, Set.of()));

        assertThat(submit(ledger, Transfer.single("t1", "bank", "quiet", 100, WON, CODE)))
                .containsExactly(OK);

        assertThat(ledger.transfersOf("bank", 10))
                .extracting(TransferRecord::id)
                .containsExactly("t1");
        assertThat(ledger.transfersOf("quiet", 10)).isEmpty();
        assertThat(balances(ledger, "quiet")).isEqualTo(new Balances(0, 0, 0, 100));
    }

    @Test
    default void aRetriedSubmissionSaysItsTransfersWereReplayed() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"));
        List<Transfer> chain = Chains.link(List.of(
                Transfer.single("r1", "bank", "wallet", 10, WON, CODE),
                Transfer.single("r2", "bank", "wallet", 20, WON, CODE)));

        LedgerResults first = ledger.submit(List.of(), chain);
        LedgerResults again = ledger.submit(List.of(), chain);

        assertThat(first.replayed()).containsExactly(false, false);
        assertThat(first.timestamp()).isEqualTo(MutableClock.START);
        assertThat(again.replayed()).containsExactly(true, true);
        assertThat(again.allReplayed()).isTrue();
        assertThat(again.transfers()).isEqualTo(first.transfers());
        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(0, 0, 0, 30));
    }

    @Test
    default void anAccountThatMustNotGoNegativeMaySpendExactlyItsBalanceAndNotOneWonMore() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        submit(ledger, Transfer.single("fund", "bank", "wallet", 100, WON, CODE));

        assertThat(submit(ledger, Transfer.single("empty-wallet", "wallet", "shop", 0, WON, CODE)))
                .containsExactly(AMOUNT_MUST_NOT_BE_ZERO);
        assertThat(submit(ledger, Transfer.single("one-too-many", "wallet", "shop", 101, WON, CODE)))
                .containsExactly(EXCEEDS_CREDITS);
        assertThat(submit(ledger, Transfer.single("all-of-it", "wallet", "shop", 100, WON, CODE)))
                .containsExactly(OK);
        assertThat(submit(ledger, Transfer.single("one-more", "wallet", "shop", 1, WON, CODE)))
                .containsExactly(EXCEEDS_CREDITS);

        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(0, 100, 0, 100));
        assertThat(ledger.lookupAccount("wallet").orElseThrow().available()).isZero();
        assertBalanced(ledger);
    }

    @Test
    default void aFreshConstrainedAccountCannotBeDebitedAtAll() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, noOverdraft("wallet"), plain("shop"));

        assertThat(submit(ledger, Transfer.single("t1", "wallet", "shop", 1, WON, CODE)))
                .containsExactly(EXCEEDS_CREDITS);
        assertThat(submit(ledger, Transfer.pending("t2", "wallet", "shop", 1, WON, CODE, 0)))
                .containsExactly(EXCEEDS_CREDITS);
        assertThat(balances(ledger, "wallet")).isEqualTo(Balances.ZERO);
        assertBalanced(ledger);
    }

    @Test
    default void anAccountThatMustNotBeCreditedPastItsDebitsTakesExactlyItsDebits() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOvercredit("limit"));

        assertThat(submit(ledger, Transfer.single("early", "bank", "limit", 1, WON, CODE)))
                .containsExactly(EXCEEDS_DEBITS);
        submit(ledger, Transfer.single("grant", "limit", "bank", 100, WON, CODE));
        assertThat(submit(ledger, Transfer.single("too-much", "bank", "limit", 101, WON, CODE)))
                .containsExactly(EXCEEDS_DEBITS);
        assertThat(submit(ledger, Transfer.pending("hold", "bank", "limit", 60, WON, CODE, 0)))
                .containsExactly(OK);
        assertThat(submit(ledger, Transfer.single("past-hold", "bank", "limit", 41, WON, CODE)))
                .containsExactly(EXCEEDS_DEBITS);
        assertThat(submit(ledger, Transfer.single("rest", "bank", "limit", 40, WON, CODE)))
                .containsExactly(OK);
        assertThat(submit(ledger, Transfer.single("one-more", "bank", "limit", 1, WON, CODE)))
                .containsExactly(EXCEEDS_DEBITS);

        assertThat(balances(ledger, "limit")).isEqualTo(new Balances(0, 100, 60, 40));
        assertBalanced(ledger);
    }

    @Test
    default void exceedingCreditsIsCheckedBeforeExceedingDebits() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, noOverdraft("wallet"), noOvercredit("limit"));

        assertThat(submit(ledger, Transfer.single("t1", "wallet", "limit", 1, WON, CODE)))
                .containsExactly(EXCEEDS_CREDITS);
        assertBalanced(ledger);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Two-phase transfers
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    default void aPendingTransferReservesTheAmountAndCountsAgainstTheConstraint() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        submit(ledger, Transfer.single("fund", "bank", "wallet", 100, WON, CODE));

        assertThat(submit(ledger, Transfer.pending("hold", "wallet", "shop", 70, WON, CODE, 0)))
                .containsExactly(OK);
        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(70, 0, 0, 100));
        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 70, 0));
        assertThat(ledger.lookupAccount("wallet").orElseThrow().available()).isEqualTo(30);

        assertThat(submit(ledger, Transfer.single("over", "wallet", "shop", 31, WON, CODE)))
                .containsExactly(EXCEEDS_CREDITS);
        assertThat(submit(ledger, Transfer.pending("over-hold", "wallet", "shop", 31, WON, CODE, 0)))
                .containsExactly(EXCEEDS_CREDITS);
        assertThat(submit(ledger, Transfer.single("exact", "wallet", "shop", 30, WON, CODE)))
                .containsExactly(OK);

        TransferRecord hold = ledger.lookupTransfer("hold").orElseThrow();
        assertThat(hold.pendingState()).isEqualTo(PendingState.PENDING);
        assertThat(hold.expiresAt()).isNull();
        assertBalanced(ledger);
    }

    @Test
    default void postingInFullMovesTheReservationToPosted() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        submit(ledger, Transfer.single("fund", "bank", "wallet", 100, WON, CODE));
        submit(ledger, Transfer.pending("hold", "wallet", "shop", 70, WON, CODE, 0));

        assertThat(submit(ledger, Transfer.post("capture", "hold", 70))).containsExactly(OK);

        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(0, 70, 0, 100));
        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 0, 70));
        assertThat(ledger.lookupTransfer("hold").orElseThrow().pendingState()).isEqualTo(PendingState.POSTED);
        Transfer capture = ledger.lookupTransfer("capture").orElseThrow().transfer();
        assertThat(capture.debitAccountId()).isEqualTo("wallet");
        assertThat(capture.creditAccountId()).isEqualTo("shop");
        assertThat(capture.ledger()).isEqualTo(WON);
        assertThat(capture.code()).isEqualTo(CODE);
        assertBalanced(ledger);
    }

    @Test
    default void postingForLessReleasesTheRestOfTheReservation() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        submit(ledger, Transfer.single("fund", "bank", "wallet", 100, WON, CODE));
        submit(ledger, Transfer.pending("hold", "wallet", "shop", 70, WON, CODE, 0));

        assertThat(submit(ledger, Transfer.post("capture", "hold", 1))).containsExactly(OK);

        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(0, 1, 0, 100));
        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 0, 1));
        assertThat(ledger.lookupAccount("wallet").orElseThrow().available()).isEqualTo(99);
        assertThat(submit(ledger, Transfer.single("rest", "wallet", "shop", 99, WON, CODE)))
                .containsExactly(OK);
        assertBalanced(ledger);
    }

    @Test
    default void postingMoreThanReservedOrNothingIsRefusedAndKeepsTheReservation() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("shop"));
        submit(ledger, Transfer.pending("hold", "bank", "shop", 70, WON, CODE, 0));

        assertThat(submit(ledger, Transfer.post("more", "hold", 71))).containsExactly(EXCEEDS_PENDING_TRANSFER_AMOUNT);
        assertThat(submit(ledger, Transfer.post("nothing", "hold", 0))).containsExactly(AMOUNT_MUST_NOT_BE_ZERO);
        assertThat(submit(ledger, Transfer.post("negative", "hold", -1))).containsExactly(AMOUNT_MUST_NOT_BE_NEGATIVE);

        assertThat(ledger.lookupTransfer("hold").orElseThrow().pendingState()).isEqualTo(PendingState.PENDING);
        assertThat(balances(ledger, "bank")).isEqualTo(new Balances(70, 0, 0, 0));
        assertThat(submit(ledger, Transfer.post("exact", "hold", 70))).containsExactly(OK);
        assertBalanced(ledger);
    }

    @Test
    default void voidingReleasesTheReservation() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        submit(ledger, Transfer.single("fund", "bank", "wallet", 100, WON, CODE));
        submit(
                ledger,
                Transfer.pending("hold-1", "wallet", "shop", 60, WON, CODE, 0),
                Transfer.pending("hold-2", "wallet", "shop", 40, WON, CODE, 0));
        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(100, 0, 0, 100));

        Transfer wrongAmount = new Transfer(
                "void-wrong", null, null, 59, "hold-1", 0, 0, Set.of(TransferFlag.VOID_PENDING), 0, null, 0, 0);
        Transfer fullAmount = new Transfer(
                "void-full", null, null, 60, "hold-1", 0, 0, Set.of(TransferFlag.VOID_PENDING), 0, null, 0, 0);
        assertThat(submit(ledger, wrongAmount)).containsExactly(PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT);
        assertThat(submit(ledger, fullAmount)).containsExactly(OK);
        assertThat(submit(ledger, Transfer.voidPending("void-zero", "hold-2"))).containsExactly(OK);

        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(0, 0, 0, 100));
        assertThat(balances(ledger, "shop")).isEqualTo(Balances.ZERO);
        assertThat(ledger.lookupTransfer("hold-1").orElseThrow().pendingState()).isEqualTo(PendingState.VOIDED);
        assertThat(ledger.lookupTransfer("hold-2").orElseThrow().pendingState()).isEqualTo(PendingState.VOIDED);
        assertBalanced(ledger);
    }

    @Test
    default void aPendingTransferIsPostedOrVoidedOnlyOnce() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("shop"));
        submit(
                ledger,
                Transfer.pending("posted", "bank", "shop", 10, WON, CODE, 0),
                Transfer.pending("voided", "bank", "shop", 20, WON, CODE, 0));
        submit(ledger, Transfer.post("post-1", "posted", 10), Transfer.voidPending("void-1", "voided"));

        assertThat(submit(
                        ledger,
                        Transfer.voidPending("void-after-post", "posted"),
                        Transfer.post("post-after-post", "posted", 10),
                        Transfer.post("post-after-void", "voided", 20),
                        Transfer.voidPending("void-after-void", "voided")))
                .containsExactly(
                        PENDING_TRANSFER_ALREADY_POSTED,
                        PENDING_TRANSFER_ALREADY_POSTED,
                        PENDING_TRANSFER_ALREADY_VOIDED,
                        PENDING_TRANSFER_ALREADY_VOIDED);
        assertThat(balances(ledger, "bank")).isEqualTo(new Balances(0, 10, 0, 0));
        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 0, 10));
        assertBalanced(ledger);
    }

    @Test
    default void aPostMayNameThePendingTransfersFieldsButNotOthers() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("shop"), plain("other"));
        submit(ledger, Transfer.pending("hold", "bank", "shop", 10, WON, CODE, 0));

        Transfer named = new Transfer(
                "post-named", "bank", "shop", 10, "hold", WON, CODE, Set.of(TransferFlag.POST_PENDING), 0, null, 0, 0);
        assertThat(submit(
                        ledger,
                        withAccounts(named, "other", "shop", WON, CODE, "p1"),
                        withAccounts(named, "bank", "other", WON, CODE, "p2"),
                        withAccounts(named, "bank", "shop", POINTS, CODE, "p3"),
                        withAccounts(named, "bank", "shop", WON, CODE + 1, "p4"),
                        named))
                .containsExactly(
                        PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID,
                        PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID,
                        PENDING_TRANSFER_HAS_DIFFERENT_LEDGER,
                        PENDING_TRANSFER_HAS_DIFFERENT_CODE,
                        OK);
        assertBalanced(ledger);
    }

    @Test
    default void aPostOrVoidNamingOtherAccountsThanItsPendingTransferIsRefusedAndChangesNothing() {
        MutableClock clock = new MutableClock();
        Ledger ledger = newLedger(clock);
        create(ledger, plain("bank"), plain("shop"), plain("other"), plain("elsewhere"));
        submit(ledger, Transfer.pending("hold", "bank", "shop", 10, WON, CODE, 5));
        Transfer post = new Transfer(
                "wrong-post",
                "other",
                "elsewhere",
                10,
                "hold",
                WON,
                CODE,
                Set.of(TransferFlag.POST_PENDING),
                0,
                null,
                0,
                0);
        Transfer voiding = new Transfer(
                "wrong-void",
                "bank",
                "elsewhere",
                0,
                "hold",
                WON,
                CODE,
                Set.of(TransferFlag.VOID_PENDING),
                0,
                null,
                0,
                0);

        // Alone in their submissions: the pending transfer's own accounts are not among those they name.
        assertThat(submit(ledger, post)).containsExactly(PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID);
        assertThat(submit(ledger, voiding)).containsExactly(PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID);
        assertThat(balances(ledger, "bank")).isEqualTo(new Balances(10, 0, 0, 0));
        assertThat(balances(ledger, "other")).isEqualTo(new Balances(0, 0, 0, 0));

        // Past its timeout the post is still refused for the accounts, and naming the hold releases it, as any
        // reference to a timed-out pending transfer does, although the post named none of its accounts.
        clock.advanceSeconds(6);
        assertThat(submit(ledger, withAccounts(post, "other", "elsewhere", WON, CODE, "late-post")))
                .containsExactly(PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID);
        assertThat(ledger.lookupTransfer("hold").orElseThrow().pendingState()).isEqualTo(PendingState.EXPIRED);
        assertThat(ledger.expirePendingTransfers(100)).isZero();
        assertThat(balances(ledger, "bank")).isEqualTo(new Balances(0, 0, 0, 0));
        assertBalanced(ledger);
    }

    @Test
    default void aPostAtTheTimeoutFindsThePendingTransferExpiredAndReleased() {
        MutableClock clock = new MutableClock();
        Ledger ledger = newLedger(clock);
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        submit(ledger, Transfer.single("fund", "bank", "wallet", 100, WON, CODE));
        submit(
                ledger,
                Transfer.pending("early", "wallet", "shop", 30, WON, CODE, 10),
                Transfer.pending("late", "wallet", "shop", 50, WON, CODE, 10));
        assertThat(ledger.lookupTransfer("late").orElseThrow().expiresAt())
                .isEqualTo(MutableClock.START.plusSeconds(10));

        clock.advanceSeconds(9);
        assertThat(submit(ledger, Transfer.post("post-early", "early", 30))).containsExactly(OK);

        clock.advanceSeconds(1);
        assertThat(submit(ledger, Transfer.post("post-late", "late", 50))).containsExactly(PENDING_TRANSFER_EXPIRED);
        assertThat(submit(ledger, Transfer.voidPending("void-late", "late"))).containsExactly(PENDING_TRANSFER_EXPIRED);

        assertThat(ledger.lookupTransfer("late").orElseThrow().pendingState()).isEqualTo(PendingState.EXPIRED);
        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(0, 30, 0, 100));
        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 0, 30));
        assertThat(ledger.expirePendingTransfers(100)).isZero();
        assertBalanced(ledger);
    }

    @Test
    default void anExpiryInAFailingChainStillReleasesTheReservation() {
        MutableClock clock = new MutableClock();
        Ledger ledger = newLedger(clock);
        create(ledger, plain("bank"), plain("shop"));
        submit(ledger, Transfer.pending("hold", "bank", "shop", 50, WON, CODE, 5));
        clock.advanceSeconds(5);

        assertThat(submit(
                        ledger,
                        Chains.link(List.of(
                                Transfer.single("ok", "bank", "shop", 1, WON, CODE),
                                Transfer.post("post", "hold", 50)))))
                .containsExactly(LINKED_EVENT_FAILED, PENDING_TRANSFER_EXPIRED);

        assertThat(ledger.lookupTransfer("hold").orElseThrow().pendingState()).isEqualTo(PendingState.EXPIRED);
        assertThat(balances(ledger, "bank")).isEqualTo(Balances.ZERO);
        assertBalanced(ledger);
    }

    @Test
    default void expiringPendingTransfersReleasesTheirReservationsOnceTheirTimeoutHasPassed() {
        MutableClock clock = new MutableClock();
        Ledger ledger = newLedger(clock);
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        submit(ledger, Transfer.single("fund", "bank", "wallet", 100, WON, CODE));
        submit(
                ledger,
                Transfer.pending("five", "wallet", "shop", 10, WON, CODE, 5),
                Transfer.pending("ten", "wallet", "shop", 20, WON, CODE, 10),
                Transfer.pending("never", "wallet", "shop", 30, WON, CODE, 0));

        clock.advanceSeconds(4);
        assertThat(ledger.expirePendingTransfers(100)).isZero();
        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(60, 0, 0, 100));

        clock.advanceSeconds(1);
        assertThat(ledger.expirePendingTransfers(100)).isEqualTo(1);
        assertThat(ledger.lookupTransfer("five").orElseThrow().pendingState()).isEqualTo(PendingState.EXPIRED);
        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(50, 0, 0, 100));
        assertThat(ledger.expirePendingTransfers(100)).isZero();

        clock.advanceSeconds(1_000_000);
        assertThat(ledger.expirePendingTransfers(100)).isEqualTo(1);
        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(30, 0, 0, 100));
        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 30, 0));
        assertThat(ledger.lookupTransfer("never").orElseThrow().pendingState()).isEqualTo(PendingState.PENDING);
        assertThat(submit(ledger, Transfer.post("post-five", "five", 10), Transfer.voidPending("void-ten", "ten")))
                .containsExactly(PENDING_TRANSFER_EXPIRED, PENDING_TRANSFER_EXPIRED);
        assertBalanced(ledger);
    }

    @Test
    default void everyExpiryLeavesANoticeUntilItIsAcknowledged() {
        MutableClock clock = new MutableClock();
        Ledger ledger = newLedger(clock);
        create(ledger, plain("bank"), plain("shop"));
        submit(
                ledger,
                Transfer.pending("lapses", "bank", "shop", 1, WON, CODE, 2),
                Transfer.pending("posted", "bank", "shop", 1, WON, CODE, 2),
                Transfer.pending("voided", "bank", "shop", 1, WON, CODE, 2),
                Transfer.pending("lapses-later", "bank", "shop", 1, WON, CODE, 4));
        submit(ledger, Transfer.post("post", "posted", 1), Transfer.voidPending("void", "voided"));
        assertThat(ledger.expiries(10)).isEmpty();

        clock.advanceSeconds(2);
        // A post that finds its pending transfer timed out expires it on the spot, and leaves the notice.
        assertThat(submit(ledger, Transfer.post("too-late", "lapses", 1))).containsExactly(PENDING_TRANSFER_EXPIRED);
        assertThat(ledger.expiries(10)).extracting(ExpiredTransfer::transferId).containsExactly("lapses");
        assertThat(ledger.expirePendingTransfers(100)).isZero();
        clock.advanceSeconds(2);
        assertThat(ledger.expirePendingTransfers(100)).isEqualTo(1);

        List<ExpiredTransfer> notices = ledger.expiries(10);
        assertThat(notices).extracting(ExpiredTransfer::transferId).containsExactly("lapses", "lapses-later");
        assertThat(notices.get(0).sequence()).isLessThan(notices.get(1).sequence());
        assertThat(notices.get(0).expiredAt()).isEqualTo(clock.instant().minusSeconds(2));
        assertThat(ledger.expiries(1)).containsExactly(notices.get(0));

        ledger.acknowledgeExpiries(List.of(notices.get(0).sequence(), Long.MAX_VALUE));
        assertThat(ledger.expiries(10)).containsExactly(notices.get(1));
        ledger.acknowledgeExpiries(List.of(notices.get(1).sequence()));
        assertThat(ledger.expiries(10)).isEmpty();
        assertBalanced(ledger);
    }

    @Test
    default void expiringHonoursItsLimitAndTakesTheOldestFirst() {
        MutableClock clock = new MutableClock();
        Ledger ledger = newLedger(clock);
        create(ledger, plain("bank"), plain("shop"));
        submit(
                ledger,
                Transfer.pending("p3", "bank", "shop", 1, WON, CODE, 3),
                Transfer.pending("p1", "bank", "shop", 1, WON, CODE, 1),
                Transfer.pending("p2", "bank", "shop", 1, WON, CODE, 2));
        clock.advanceSeconds(3);

        assertThat(ledger.expirePendingTransfers(2)).isEqualTo(2);
        assertThat(ledger.lookupTransfer("p3").orElseThrow().pendingState()).isEqualTo(PendingState.PENDING);
        assertThat(ledger.expirePendingTransfers(2)).isEqualTo(1);
        assertThat(ledger.expirePendingTransfers(2)).isZero();
        assertThat(balances(ledger, "bank")).isEqualTo(Balances.ZERO);
        assertBalanced(ledger);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Linked chains
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    default void aLinkedChainThatSucceedsIsAppliedWhole() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));

        assertThat(submit(
                        ledger,
                        Chains.link(List.of(
                                Transfer.single("fund", "bank", "wallet", 100, WON, CODE),
                                Transfer.pending("hold", "wallet", "shop", 100, WON, CODE, 0),
                                Transfer.post("capture", "hold", 80)))))
                .containsExactly(OK, OK, OK);

        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(0, 80, 0, 100));
        assertThat(ledger.lookupTransfer("hold").orElseThrow().pendingState()).isEqualTo(PendingState.POSTED);
        assertBalanced(ledger);
    }

    @Test
    default void aFailingLinkInTheMiddleLeavesNoTraceOnBalances() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        submit(ledger, Transfer.single("fund", "bank", "wallet", 100, WON, CODE));
        submit(ledger, Transfer.pending("hold", "wallet", "shop", 50, WON, CODE, 0));
        Balances wallet = balances(ledger, "wallet");
        Balances shop = balances(ledger, "shop");
        Balances bank = balances(ledger, "bank");

        assertThat(submit(
                        ledger,
                        Chains.link(List.of(
                                Transfer.single("top-up", "bank", "wallet", 10, WON, CODE),
                                Transfer.post("capture", "hold", 50),
                                Transfer.pending("second-hold", "wallet", "shop", 61, WON, CODE, 0),
                                Transfer.single("after", "bank", "shop", 1, WON, CODE)))))
                .containsExactly(LINKED_EVENT_FAILED, LINKED_EVENT_FAILED, EXCEEDS_CREDITS, LINKED_EVENT_FAILED);

        assertThat(balances(ledger, "wallet")).isEqualTo(wallet);
        assertThat(balances(ledger, "shop")).isEqualTo(shop);
        assertThat(balances(ledger, "bank")).isEqualTo(bank);
        assertThat(ledger.lookupTransfer("hold").orElseThrow().pendingState()).isEqualTo(PendingState.PENDING);
        assertThat(ledger.lookupTransfer("top-up").orElseThrow().result()).isEqualTo(LINKED_EVENT_FAILED);
        assertThat(ledger.lookupTransfer("second-hold").orElseThrow().result()).isEqualTo(EXCEEDS_CREDITS);
        assertThat(ledger.transfersOf("wallet", 100))
                .extracting(TransferRecord::id)
                .containsExactly("fund", "hold");
        // The pending transfer the failed chain would have posted is still there to post.
        assertThat(submit(ledger, Transfer.post("capture-again", "hold", 50))).containsExactly(OK);
        assertBalanced(ledger);
    }

    @Test
    default void aChainLeftOpenFailsWholeAndLeavesTheOtherChainsOfItsSubmissionAlone() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("shop"));

        List<Transfer> transfers = List.of(
                Transfer.single("before", "bank", "shop", 1, WON, CODE),
                Transfer.single("failing-link", "bank", "shop", 2, WON, CODE).linked(),
                Transfer.single("failing", "bank", "nowhere", 2, WON, CODE),
                Transfer.single("between", "bank", "shop", 4, WON, CODE),
                Transfer.single("open-1", "bank", "shop", 8, WON, CODE).linked(),
                Transfer.single("open-2", "bank", "shop", 16, WON, CODE).linked());
        assertThat(ledger.createTransfers(transfers))
                .containsExactly(
                        OK,
                        LINKED_EVENT_FAILED,
                        CREDIT_ACCOUNT_NOT_FOUND,
                        OK,
                        LINKED_EVENT_FAILED,
                        LINKED_EVENT_CHAIN_OPEN);

        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 0, 5));
        assertBalanced(ledger);
    }

    @Test
    default void aSingleTransferLeftLinkedIsAnOpenChain() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("shop"));

        assertThat(submit(
                        ledger,
                        Transfer.single("t1", "bank", "shop", 1, WON, CODE).linked()))
                .containsExactly(LINKED_EVENT_CHAIN_OPEN);
        assertThat(balances(ledger, "shop")).isEqualTo(Balances.ZERO);
        assertBalanced(ledger);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Idempotency
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    default void aRetriedTransferIdReturnsTheFirstOutcomeAndIsAppliedOnce() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        Transfer fund = Transfer.single("fund", "bank", "wallet", 100, WON, CODE);

        assertThat(submit(ledger, fund)).containsExactly(OK);
        assertThat(submit(ledger, fund)).containsExactly(OK);
        assertThat(submit(ledger, fund, fund)).containsExactly(OK, OK);

        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(0, 0, 0, 100));
        assertBalanced(ledger);
    }

    @Test
    default void aRetriedFailureReturnsTheFirstFailureEvenWhenItWouldNowSucceed() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        Transfer spend = Transfer.single("spend", "wallet", "shop", 10, WON, CODE);

        assertThat(submit(ledger, spend)).containsExactly(EXCEEDS_CREDITS);
        submit(ledger, Transfer.single("fund", "bank", "wallet", 100, WON, CODE));
        assertThat(submit(ledger, spend)).containsExactly(EXCEEDS_CREDITS);

        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(0, 0, 0, 100));
        assertThat(ledger.lookupTransfer("spend").orElseThrow().result()).isEqualTo(EXCEEDS_CREDITS);
        assertBalanced(ledger);
    }

    @Test
    default void aRetriedFailedChainReturnsTheSameOutcomesAndAppliesNothing() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        List<Transfer> chain = Chains.link(List.of(
                Transfer.single("a", "bank", "wallet", 10, WON, CODE),
                Transfer.single("b", "wallet", "shop", 11, WON, CODE),
                Transfer.single("c", "bank", "shop", 1, WON, CODE)));
        List<TransferResult> first = ledger.createTransfers(chain);
        assertThat(first).containsExactly(LINKED_EVENT_FAILED, EXCEEDS_CREDITS, LINKED_EVENT_FAILED);

        assertThat(ledger.createTransfers(chain)).isEqualTo(first);
        assertThat(ledger.createTransfers(chain.subList(2, 3))).containsExactly(LINKED_EVENT_FAILED);
        assertThat(ledger.createTransfers(chain.subList(1, 3))).containsExactly(EXCEEDS_CREDITS, LINKED_EVENT_FAILED);

        assertThat(ledger.lookupTransfers(List.of("a", "b", "c")))
                .extractingFromEntries(entry -> entry.getValue().result())
                .containsExactlyInAnyOrder(LINKED_EVENT_FAILED, EXCEEDS_CREDITS, LINKED_EVENT_FAILED);
        assertThat(balances(ledger, "wallet")).isEqualTo(Balances.ZERO);
        assertThat(balances(ledger, "shop")).isEqualTo(Balances.ZERO);
        assertBalanced(ledger);
    }

    @Test
    default void aRetriedChainThatSucceededAppliesNothingTwice() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        List<Transfer> chain = Chains.link(List.of(
                Transfer.single("fund", "bank", "wallet", 10, WON, CODE),
                Transfer.pending("hold", "wallet", "shop", 10, WON, CODE, 0),
                Transfer.post("capture", "hold", 10)));

        assertThat(ledger.createTransfers(chain)).containsExactly(OK, OK, OK);
        assertThat(ledger.createTransfers(chain)).containsExactly(OK, OK, OK);

        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(0, 10, 0, 10));
        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 0, 10));
        assertBalanced(ledger);
    }

    @Test
    default void anIdRepeatedInsideAFailingChainGetsTheSameOutcomeAsItsFirstUse() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        Transfer top = Transfer.single("top", "bank", "wallet", 10, WON, CODE);

        assertThat(ledger.createTransfers(
                        Chains.link(List.of(top, top, Transfer.single("spend", "wallet", "shop", 11, WON, CODE)))))
                .containsExactly(LINKED_EVENT_FAILED, LINKED_EVENT_FAILED, EXCEEDS_CREDITS);

        assertThat(ledger.lookupTransfer("top").orElseThrow().result()).isEqualTo(LINKED_EVENT_FAILED);

        // Repeated after the link that failed: the same request gets that link's failure, another one is refused.
        Transfer spend = Transfer.single("spend-more", "wallet", "shop", 50, WON, CODE);
        Transfer other = Transfer.single("other", "bank", "shop", 1, WON, CODE);
        assertThat(ledger.createTransfers(Chains.link(List.of(spend, spend, other))))
                .containsExactly(EXCEEDS_CREDITS, EXCEEDS_CREDITS, LINKED_EVENT_FAILED);
        Transfer spendAll = Transfer.single("spend-all", "wallet", "shop", 50, WON, CODE);
        assertThat(ledger.createTransfers(Chains.link(List.of(spendAll, spendAll.withAmount(51), other))))
                .containsExactly(EXCEEDS_CREDITS, EXISTS_WITH_DIFFERENT_FIELDS, LINKED_EVENT_FAILED);

        assertThat(ledger.lookupTransfer("spend-all").orElseThrow().transfer().amount())
                .isEqualTo(50);
        assertThat(balances(ledger, "wallet")).isEqualTo(Balances.ZERO);
        assertBalanced(ledger);
    }

    @Test
    default void aTransferIdReusedWithOtherFieldsIsRefusedAndChangesNothing() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), noOverdraft("wallet"), plain("shop"));
        submit(ledger, Transfer.single("fund", "bank", "wallet", 100, WON, CODE));
        submit(ledger, Transfer.single("failed", "wallet", "shop", 101, WON, CODE));

        assertThat(submit(
                        ledger,
                        Transfer.single("fund", "bank", "wallet", 101, WON, CODE),
                        Transfer.single("fund", "bank", "wallet", 100, WON, CODE)
                                .withUserData("x", 0, 0),
                        Transfer.pending("fund", "bank", "wallet", 100, WON, CODE, 0),
                        Transfer.single("failed", "wallet", "shop", 100, WON, CODE)))
                .containsExactly(
                        EXISTS_WITH_DIFFERENT_FIELDS,
                        EXISTS_WITH_DIFFERENT_FIELDS,
                        EXISTS_WITH_DIFFERENT_FIELDS,
                        EXISTS_WITH_DIFFERENT_FIELDS);

        TransferRecord fund = ledger.lookupTransfer("fund").orElseThrow();
        assertThat(fund.transfer().amount()).isEqualTo(100);
        assertThat(ledger.lookupTransfer("failed").orElseThrow().result()).isEqualTo(EXCEEDS_CREDITS);
        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(0, 0, 0, 100));
        assertBalanced(ledger);
    }

    @Test
    default void thePendingTransfersIdReusedForAnotherTransferIsRefused() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("shop"), plain("other"));
        submit(ledger, Transfer.pending("hold", "bank", "shop", 10, WON, CODE, 0));

        // Alone, so that nothing else in the submission names the pending transfer.
        assertThat(submit(ledger, Transfer.single("hold", "other", "shop", 10, WON, CODE)))
                .containsExactly(EXISTS_WITH_DIFFERENT_FIELDS);
        assertThat(submit(ledger, Transfer.post("hold", null, 10))).containsExactly(EXISTS_WITH_DIFFERENT_FIELDS);
        assertThat(submit(
                        ledger,
                        Transfer.single("hold", "other", "shop", 10, WON, CODE),
                        Transfer.post("hold", "hold", 10),
                        Transfer.voidPending("hold", "elsewhere")))
                .containsExactly(
                        EXISTS_WITH_DIFFERENT_FIELDS, EXISTS_WITH_DIFFERENT_FIELDS, EXISTS_WITH_DIFFERENT_FIELDS);

        assertThat(ledger.lookupTransfer("hold").orElseThrow().pendingState()).isEqualTo(PendingState.PENDING);
        assertThat(balances(ledger, "bank")).isEqualTo(new Balances(10, 0, 0, 0));
        assertBalanced(ledger);
    }

    @Test
    default void aRetriedPostMatchesWhetherOrNotItNamesThePendingTransfersAccounts() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("shop"));
        submit(ledger, Transfer.pending("hold", "bank", "shop", 10, WON, CODE, 0));
        Transfer post = Transfer.post("capture", "hold", 7);

        assertThat(submit(ledger, post)).containsExactly(OK);
        assertThat(submit(ledger, post)).containsExactly(OK);
        assertThat(submit(ledger, withAccounts(post, "bank", "shop", WON, CODE, "capture")))
                .containsExactly(OK);
        assertThat(submit(ledger, Transfer.post("capture", "hold", 8))).containsExactly(EXISTS_WITH_DIFFERENT_FIELDS);
        assertThat(submit(ledger, withAccounts(post, "shop", "bank", WON, CODE, "capture")))
                .containsExactly(EXISTS_WITH_DIFFERENT_FIELDS);

        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 0, 7));
        assertBalanced(ledger);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Arithmetic and validation
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    default void amountsNearTheLimitOverflowInsteadOfWrapping() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("rich"), plain("other"), plain("source"), plain("sink"));

        assertThat(submit(ledger, Transfer.single("max", "bank", "rich", Long.MAX_VALUE, WON, CODE)))
                .containsExactly(OK);
        assertThat(submit(
                        ledger,
                        Transfer.single("debits", "bank", "other", 1, WON, CODE),
                        Transfer.single("credits", "other", "rich", 1, WON, CODE),
                        Transfer.pending("pending-debits", "bank", "other", 1, WON, CODE, 0),
                        Transfer.pending("pending-credits", "other", "rich", 1, WON, CODE, 0)))
                .containsExactly(OVERFLOWS_DEBITS, OVERFLOWS_CREDITS, OVERFLOWS_DEBITS, OVERFLOWS_CREDITS);

        // Pending and posted amounts count together.
        assertThat(submit(ledger, Transfer.pending("hold", "source", "sink", Long.MAX_VALUE - 1, WON, CODE, 0)))
                .containsExactly(OK);
        assertThat(submit(
                        ledger,
                        Transfer.single("last-won", "source", "sink", 1, WON, CODE),
                        Transfer.single("past-it", "source", "other", 1, WON, CODE)))
                .containsExactly(OK, OVERFLOWS_DEBITS);
        assertThat(submit(ledger, Transfer.post("post", "hold", Long.MAX_VALUE - 1)))
                .containsExactly(OK);

        assertThat(balances(ledger, "source")).isEqualTo(new Balances(0, Long.MAX_VALUE, 0, 0));
        assertThat(balances(ledger, "other")).isEqualTo(Balances.ZERO);
        assertBalanced(ledger);
    }

    @Test
    default void unknownAccountsAreNotFoundDebitFirst() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"));

        assertThat(submit(
                        ledger,
                        Transfer.single("t1", "nobody", "bank", 1, WON, CODE),
                        Transfer.single("t2", "bank", "nobody", 1, WON, CODE),
                        Transfer.single("t3", "nobody", "no-one", 1, WON, CODE),
                        Transfer.single("t4", "x".repeat(161), "bank", 1, WON, CODE)))
                .containsExactly(
                        DEBIT_ACCOUNT_NOT_FOUND,
                        CREDIT_ACCOUNT_NOT_FOUND,
                        DEBIT_ACCOUNT_NOT_FOUND,
                        DEBIT_ACCOUNT_NOT_FOUND);
        assertBalanced(ledger);
    }

    @Test
    default void amountsMustBePositive() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("shop"));

        assertThat(submit(
                        ledger,
                        Transfer.single("zero", "bank", "shop", 0, WON, CODE),
                        Transfer.single("minus-one", "bank", "shop", -1, WON, CODE),
                        Transfer.single("min", "bank", "shop", Long.MIN_VALUE, WON, CODE),
                        Transfer.pending("zero-hold", "bank", "shop", 0, WON, CODE, 0),
                        Transfer.single("one", "bank", "shop", 1, WON, CODE)))
                .containsExactly(
                        AMOUNT_MUST_NOT_BE_ZERO,
                        AMOUNT_MUST_NOT_BE_NEGATIVE,
                        AMOUNT_MUST_NOT_BE_NEGATIVE,
                        AMOUNT_MUST_NOT_BE_ZERO,
                        OK);
        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 0, 1));
        assertBalanced(ledger);
    }

    @Test
    default void ledgersMustMatch() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("shop"), Account.of("points", POINTS, CODE, Set.of()));

        assertThat(submit(
                        ledger,
                        Transfer.single("cross", "bank", "points", 1, WON, CODE),
                        Transfer.single("cross-back", "points", "bank", 1, POINTS, CODE),
                        Transfer.single("wrong-ledger", "bank", "shop", 1, POINTS, CODE),
                        Transfer.single("no-ledger", "bank", "shop", 1, 0, CODE),
                        Transfer.single("no-code", "bank", "shop", 1, WON, 0)))
                .containsExactly(
                        ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER,
                        ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER,
                        TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS,
                        LEDGER_MUST_NOT_BE_ZERO,
                        CODE_MUST_NOT_BE_ZERO);
        assertThat(balances(ledger, "bank")).isEqualTo(Balances.ZERO);
        assertBalanced(ledger);
    }

    @Test
    default void malformedTransfersAreRefused() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("shop"));
        submit(
                ledger,
                Transfer.single("single", "bank", "shop", 1, WON, CODE),
                Transfer.pending("failed-hold", "bank", "nobody", 1, WON, CODE, 0));
        Transfer ok = Transfer.single("t", "bank", "shop", 1, WON, CODE);

        assertThat(submit(
                        ledger,
                        Transfer.single(null, "bank", "shop", 1, WON, CODE),
                        Transfer.single(" ", "bank", "shop", 1, WON, CODE),
                        Transfer.single("x".repeat(Transfer.MAX_ID_LENGTH + 1), "bank", "shop", 1, WON, CODE),
                        Transfer.single("same", "bank", "bank", 1, WON, CODE),
                        Transfer.single("no-debit", null, "shop", 1, WON, CODE),
                        Transfer.single("blank-credit", "bank", "", 1, WON, CODE),
                        withFlags(ok, "two-kinds", TransferFlag.PENDING, TransferFlag.POST_PENDING),
                        withTimeout(ok, "timeout", 5),
                        withTimeout(Transfer.pending("t", "bank", "shop", 1, WON, CODE, 0), "negative-timeout", -1),
                        withPendingId(ok, "pending-id", "single"),
                        Transfer.post("no-pending-id", null, 1),
                        Transfer.post("self", "self", 1),
                        Transfer.post("unknown", "nothing", 1),
                        Transfer.post("not-pending", "single", 1),
                        Transfer.voidPending("failed-pending", "failed-hold")))
                .containsExactly(
                        ID_MUST_NOT_BE_BLANK,
                        ID_MUST_NOT_BE_BLANK,
                        ID_TOO_LONG,
                        ACCOUNTS_MUST_BE_DIFFERENT,
                        DEBIT_ACCOUNT_ID_MUST_NOT_BE_BLANK,
                        CREDIT_ACCOUNT_ID_MUST_NOT_BE_BLANK,
                        FLAGS_ARE_MUTUALLY_EXCLUSIVE,
                        TIMEOUT_RESERVED_FOR_PENDING_TRANSFER,
                        TIMEOUT_MUST_NOT_BE_NEGATIVE,
                        PENDING_ID_MUST_BE_BLANK,
                        PENDING_ID_MUST_NOT_BE_BLANK,
                        PENDING_ID_MUST_BE_DIFFERENT,
                        PENDING_TRANSFER_NOT_FOUND,
                        PENDING_TRANSFER_NOT_PENDING,
                        PENDING_TRANSFER_NOT_FOUND);

        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 0, 1));
        assertBalanced(ledger);
    }

    @Test
    default void aTransferWhoseUserDataIsLongerThanAnIdIsRefusedOnEveryStore() {
        Ledger ledger = newLedger(new MutableClock());
        create(ledger, plain("bank"), plain("shop"));

        Transfer longUserData = Transfer.single("t1", "bank", "shop", 1, WON, CODE)
                .withUserData("u".repeat(Transfer.MAX_ID_LENGTH + 1), 0, 0);
        assertThat(submit(ledger, longUserData)).containsExactly(ID_TOO_LONG);
        assertThat(submit(ledger, longUserData.withUserData("u".repeat(Transfer.MAX_ID_LENGTH), 7, 8)))
                .containsExactly(OK);
        Transfer recorded = ledger.lookupTransfer("t1").orElseThrow().transfer();
        assertThat(recorded.userData64()).isEqualTo(7);
        assertThat(recorded.userData32()).isEqualTo(8);
        assertBalanced(ledger);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Accounts
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    default void creatingAnAccountAgainTellsSameFieldsFromDifferentOnes() {
        Ledger ledger = newLedger(new MutableClock());
        Account wallet = new Account("wallet", WON, CODE, Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS), "owner", 42, 7);

        assertThat(ledger.createAccounts(List.of(wallet, wallet)))
                .containsExactly(AccountResult.OK, AccountResult.EXISTS);
        assertThat(ledger.createAccounts(List.of(
                        wallet,
                        new Account("wallet", WON, CODE, Set.of(), "owner", 42, 7),
                        new Account("wallet", WON, CODE + 1, Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS), "owner", 42, 7),
                        new Account("wallet", POINTS, CODE, Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS), "owner", 42, 7),
                        new Account("wallet", WON, CODE, Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS), null, 42, 7),
                        new Account("wallet", WON, CODE, Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS), "owner", 43, 7))))
                .containsExactly(
                        AccountResult.EXISTS,
                        AccountResult.EXISTS_WITH_DIFFERENT_FIELDS,
                        AccountResult.EXISTS_WITH_DIFFERENT_FIELDS,
                        AccountResult.EXISTS_WITH_DIFFERENT_FIELDS,
                        AccountResult.EXISTS_WITH_DIFFERENT_FIELDS,
                        AccountResult.EXISTS_WITH_DIFFERENT_FIELDS);

        AccountBalance stored = ledger.lookupAccount("wallet").orElseThrow();
        assertThat(stored.flags()).containsExactly(DEBITS_MUST_NOT_EXCEED_CREDITS);
        assertThat(stored.userData128()).isEqualTo("owner");
        assertThat(stored.userData64()).isEqualTo(42);
        assertThat(stored.userData32()).isEqualTo(7);
        assertThat(stored.createdAt()).isEqualTo(MutableClock.START);
        assertThat(ledger.queryAccounts(AccountQuery.byUserData("owner", CODE)))
                .extracting(AccountBalance::id)
                .containsExactly("wallet");
        assertBalanced(ledger);
    }

    @Test
    default void accountsAreFoundByARangeOfTheirNumberAndByTheirBalance() {
        Ledger ledger = newLedger(new MutableClock());
        create(
                ledger,
                plain("bank"),
                new Account("lot-10", WON, CODE, Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS), "owner", 10, 0),
                new Account("lot-20", WON, CODE, Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS), "owner", 20, 0),
                new Account("lot-21", WON, CODE, Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS), "owner", 21, 0),
                new Account("lot-30", WON, CODE, Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS), "owner", 30, 0));
        submit(ledger, Transfer.single("fund-20", "bank", "lot-20", 5, WON, CODE));

        assertThat(ledger.queryAccounts(new AccountQuery(null, WON, CODE, 15, 25, false, 100)))
                .extracting(AccountBalance::id)
                .containsExactly("lot-20", "lot-21");
        assertThat(ledger.queryAccounts(new AccountQuery("owner", 0, CODE, Long.MIN_VALUE, 25, true, 100)))
                .extracting(AccountBalance::id)
                .containsExactly("lot-20");
    }

    @Test
    default void accountsOfOneCodeArePagedInOneOrderWithoutGapsOrRepeats() {
        Ledger ledger = newLedger(new MutableClock());
        create(
                ledger,
                Account.of("m-a", WON, 30, Set.of()),
                Account.of("m-b", WON, 30, Set.of()),
                Account.of("m-c", WON, 30, Set.of()),
                Account.of("m-d", WON, 30, Set.of()),
                Account.of("m-e", WON, 30, Set.of()),
                Account.of("other-code", WON, 31, Set.of()),
                Account.of("other-ledger", POINTS, 30, Set.of()));

        java.util.List<String> seen = new java.util.ArrayList<>();
        String after = null;
        for (int page = 0; page < 10; page++) {
            List<AccountBalance> got = ledger.accountsByCode(WON, 30, after, 2);
            got.forEach(a -> seen.add(a.id()));
            if (got.size() < 2) {
                break;
            }
            after = got.getLast().id();
        }

        assertThat(seen).containsExactlyInAnyOrder("m-a", "m-b", "m-c", "m-d", "m-e");
        assertThat(ledger.accountsByCode(WON, 30, null, 5)).hasSize(5);
        assertThat(ledger.accountsByCode(WON, 99, null, 5)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.accountsByCode(WON, 30, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void anAccountsHistoryIsReadByTimeWindowOnePageAtATime() {
        MutableClock clock = new MutableClock();
        Ledger ledger = newLedger(clock);
        create(ledger, plain("bank"), plain("shop"), Account.of("quiet", WON, CODE, Set.of()));
        java.time.Instant start = clock.instant();
        submit(ledger, Transfer.single("before", "bank", "shop", 1, WON, CODE));
        clock.advanceSeconds(60);
        java.time.Instant from = clock.instant();
        // Three transfers at the same instant, then two later ones: the cursor must break ties by id.
        submit(
                ledger,
                Transfer.single("w-3", "bank", "shop", 3, WON, CODE),
                Transfer.single("w-1", "bank", "shop", 1, WON, CODE),
                Transfer.single("w-2", "shop", "bank", 2, WON, CODE));
        clock.advanceSeconds(1);
        submit(ledger, Transfer.single("w-4", "bank", "shop", 4, WON, CODE));
        submit(ledger, Transfer.single("not-to-quiet", "bank", "quiet", 4, WON, CODE));
        clock.advanceSeconds(59);
        java.time.Instant until = clock.instant();
        submit(ledger, Transfer.single("at-until", "bank", "shop", 9, WON, CODE));
        submit(ledger, Transfer.single("refused", "shop", "nowhere", 1, WON, CODE));

        java.util.List<String> seen = new java.util.ArrayList<>();
        HistoryWindow window = HistoryWindow.first("shop", from, until, 2);
        for (int page = 0; page < 10; page++) {
            List<TransferRecord> got = ledger.transfersOf(window);
            got.forEach(r -> seen.add(r.id()));
            if (got.size() < 2) {
                break;
            }
            window = window.after(got.getLast());
        }

        assertThat(seen).hasSize(4).containsExactlyInAnyOrder("w-1", "w-2", "w-3", "w-4");
        assertThat(seen.getLast()).isEqualTo("w-4");
        assertThat(ledger.transfersOf(HistoryWindow.first("shop", start, until.plusSeconds(1), 100)))
                .extracting(TransferRecord::id)
                .contains("before", "at-until")
                .doesNotContain("refused");
        assertThat(ledger.transfersOf(HistoryWindow.first("quiet", start, until, 100)))
                .isEmpty();
    }

    @Test
    default void malformedAccountsAreRefused() {
        Ledger ledger = newLedger(new MutableClock());

        assertThat(ledger.createAccounts(List.of(
                        Account.of(null, WON, CODE, Set.of()),
                        Account.of("", WON, CODE, Set.of()),
                        Account.of("x".repeat(Account.MAX_ID_LENGTH + 1), WON, CODE, Set.of()),
                        new Account("long-owner", WON, CODE, Set.of(), "o".repeat(Account.MAX_ID_LENGTH + 1), 0, 0),
                        Account.of(
                                "both",
                                WON,
                                CODE,
                                Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS, CREDITS_MUST_NOT_EXCEED_DEBITS)),
                        Account.of("no-ledger", 0, CODE, Set.of()),
                        Account.of("no-code", WON, 0, Set.of()))))
                .containsExactly(
                        AccountResult.ID_MUST_NOT_BE_BLANK,
                        AccountResult.ID_MUST_NOT_BE_BLANK,
                        AccountResult.ID_TOO_LONG,
                        AccountResult.ID_TOO_LONG,
                        AccountResult.FLAGS_ARE_MUTUALLY_EXCLUSIVE,
                        AccountResult.LEDGER_MUST_NOT_BE_ZERO,
                        AccountResult.CODE_MUST_NOT_BE_ZERO);
        assertThat(ledger.lookupAccounts(List.of("long-owner", "both", "no-ledger", "no-code")))
                .isEmpty();
        assertThat(ledger.audit().accounts()).isZero();
    }

    @Test
    default void accountsAreCreatedBeforeTheTransfersOfTheSameSubmission() {
        Ledger ledger = newLedger(new MutableClock());

        LedgerResults results = ledger.submit(
                List.of(plain("bank"), plain("shop")), List.of(Transfer.single("t1", "bank", "shop", 5, WON, CODE)));

        assertThat(results.accounts()).containsExactly(AccountResult.OK, AccountResult.OK);
        assertThat(results.transfers()).containsExactly(OK);
        assertThat(balances(ledger, "shop")).isEqualTo(new Balances(0, 0, 0, 5));
        assertBalanced(ledger);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The books
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    default void theBooksBalanceOnEveryLedgerAfterEveryKindOfTransfer() {
        MutableClock clock = new MutableClock();
        Ledger ledger = newLedger(clock);
        create(
                ledger,
                plain("bank"),
                noOverdraft("wallet"),
                noOvercredit("limit"),
                plain("shop"),
                Account.of("points-bank", POINTS, CODE, Set.of()),
                Account.of("points", POINTS, CODE, Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS)));
        submit(
                ledger,
                Transfer.single("fund", "bank", "wallet", 1_000, WON, CODE),
                Transfer.single("grant", "limit", "bank", 500, WON, CODE),
                Transfer.single("points", "points-bank", "points", 300, POINTS, CODE),
                Transfer.pending("hold-1", "wallet", "shop", 100, WON, CODE, 10),
                Transfer.pending("hold-2", "wallet", "limit", 100, WON, CODE, 20),
                Transfer.pending("hold-3", "points", "points-bank", 100, POINTS, CODE, 0),
                Transfer.pending("hold-4", "wallet", "shop", 100, WON, CODE, 30));
        submit(ledger, Transfer.post("post-1", "hold-1", 60), Transfer.voidPending("void-3", "hold-3"));
        ledger.createTransfers(Chains.link(List.of(
                Transfer.single("c1", "wallet", "shop", 10, WON, CODE),
                Transfer.single("c2", "shop", "limit", 10_000, WON, CODE))));
        clock.advanceSeconds(20);
        assertThat(ledger.expirePendingTransfers(10)).isEqualTo(1);

        LedgerAudit audit = ledger.audit();
        assertThat(audit.netByLedger()).containsOnlyKeys(WON, POINTS);
        assertThat(audit.netByLedger().values()).allMatch(net -> net == 0L);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.accounts()).isEqualTo(6);
        assertThat(audit.balanced()).isTrue();
        assertThat(balances(ledger, "wallet")).isEqualTo(new Balances(100, 60, 0, 1_000));
        assertThat(balances(ledger, "limit")).isEqualTo(new Balances(0, 500, 0, 0));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    /** An account's four balances, to compare in one assertion. */
    record Balances(long debitsPending, long debitsPosted, long creditsPending, long creditsPosted) {
        static final Balances ZERO = new Balances(0, 0, 0, 0);

        static Balances of(AccountBalance balance) {
            return new Balances(
                    balance.debitsPending(), balance.debitsPosted(), balance.creditsPending(), balance.creditsPosted());
        }
    }

    /** An unconstrained account that keeps its history. */
    private static Account plain(String id) {
        return Account.of(id, WON, CODE, Set.of(AccountFlag.HISTORY));
    }

    private static Account noOverdraft(String id) {
        return Account.of(id, WON, CODE, Set.of(DEBITS_MUST_NOT_EXCEED_CREDITS, AccountFlag.HISTORY));
    }

    private static Account noOvercredit(String id) {
        return Account.of(id, WON, CODE, Set.of(CREDITS_MUST_NOT_EXCEED_DEBITS));
    }

    private static void create(Ledger ledger, Account... accounts) {
        assertThat(ledger.createAccounts(List.of(accounts))).containsOnly(AccountResult.OK);
    }

    private static List<TransferResult> submit(Ledger ledger, Transfer... transfers) {
        return ledger.createTransfers(Arrays.asList(transfers));
    }

    private static List<TransferResult> submit(Ledger ledger, List<Transfer> transfers) {
        return ledger.createTransfers(transfers);
    }

    private static Balances balances(Ledger ledger, String accountId) {
        return Balances.of(ledger.lookupAccount(accountId).orElseThrow());
    }

    private static void assertBalanced(Ledger ledger) {
        LedgerAudit audit = ledger.audit();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.netByLedger().values()).allMatch(net -> net == 0L);
        assertThat(audit.balanced()).isTrue();
    }

    private static Transfer withAccounts(Transfer t, String debit, String credit, int ledger, int code, String id) {
        return new Transfer(
                id,
                debit,
                credit,
                t.amount(),
                t.pendingId(),
                ledger,
                code,
                t.flags(),
                t.timeoutSeconds(),
                t.userData128(),
                t.userData64(),
                t.userData32());
    }

    private static Transfer withFlags(Transfer t, String id, TransferFlag... flags) {
        return new Transfer(
                id,
                t.debitAccountId(),
                t.creditAccountId(),
                t.amount(),
                t.pendingId(),
                t.ledger(),
                t.code(),
                Set.of(flags),
                t.timeoutSeconds(),
                t.userData128(),
                t.userData64(),
                t.userData32());
    }

    private static Transfer withTimeout(Transfer t, String id, long timeoutSeconds) {
        return new Transfer(
                id,
                t.debitAccountId(),
                t.creditAccountId(),
                t.amount(),
                t.pendingId(),
                t.ledger(),
                t.code(),
                t.flags(),
                timeoutSeconds,
                t.userData128(),
                t.userData64(),
                t.userData32());
    }

    private static Transfer withPendingId(Transfer t, String id, String pendingId) {
        return new Transfer(
                id,
                t.debitAccountId(),
                t.creditAccountId(),
                t.amount(),
                pendingId,
                t.ledger(),
                t.code(),
                t.flags(),
                t.timeoutSeconds(),
                t.userData128(),
                t.userData64(),
                t.userData32());
    }
}
