package dev.dangol.program;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountFlag;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.time.YearMonth;
import java.util.Set;

/**
 * How vouchers are laid out in the ledger: which ledger (unit) each kind of account belongs to, and the names of the
 * accounts of programs, rounds and people's limits. Limits are accounts, so the ledger's own balance check enforces
 * them in the same atomic step as the money (DESIGN.md, Money).
 *
 * <p>Each limit has one control account per program or round: it grants a person's limit once (a transfer to the
 * person's account) and receives what the person uses of it, so each limit ledger sums to zero like the money one.
 */
public final class VoucherLedger {

    /** Won: payment clearing, subsidy, voucher lots, merchants, breakage. */
    public static final int MONEY = 1;
    /** Face value a round may still sell. */
    public static final int ROUND_BUDGET = 2;
    /** Face value a person may still buy this month. */
    public static final int MONTHLY_QUOTA = 3;
    /** Face value a person may still buy by card this month. */
    public static final int CARD_QUOTA = 4;
    /** Face value a person may still hold: wallet plus headroom equals the cap. */
    public static final int HOLDING = 5;
    /** Face value a person may still receive as gifts this month. */
    public static final int GIFT_RECEIPT = 6;
    /** Face value a person may still buy in a round. */
    public static final int ROUND_CAP = 7;

    /** Account codes: what kind of account. */
    public static final int CODE_CLEARING = 1;

    public static final int CODE_SUBSIDY = 2;
    public static final int CODE_LOT = 3;
    public static final int CODE_EXPIRED = 4;
    public static final int CODE_BUDGET = 10;
    public static final int CODE_BUDGET_SOLD = 11;
    public static final int CODE_BUDGET_ISSUE = 12;
    public static final int CODE_PERSON_LIMIT = 20;
    public static final int CODE_LIMIT_CONTROL = 21;
    /** What the program owes a merchant for vouchers accepted and not yet settled. */
    public static final int CODE_MERCHANT_PAYABLE = 30;
    /** Money paid out to merchants' bank accounts by settlement. */
    public static final int CODE_SETTLED = 31;
    /** Fees kept from merchants' settlements. */
    public static final int CODE_FEES = 32;

    /** Transfer codes: why money moved. */
    public static final int TRANSFER_ISSUE = 1;

    public static final int TRANSFER_GRANT = 2;
    public static final int TRANSFER_PURCHASE = 3;
    public static final int TRANSFER_CANCELLATION = 4;
    public static final int TRANSFER_REFUND = 5;
    public static final int TRANSFER_GIFT = 6;
    public static final int TRANSFER_EXPIRY = 7;
    /** A citizen paid a merchant from a lot. */
    public static final int TRANSFER_PAYMENT = 8;
    /** A merchant cancelled a payment: the money goes back to the lots it came from. */
    public static final int TRANSFER_PAYMENT_CANCELLATION = 9;
    /** A merchant's takings paid out to its bank account. */
    public static final int TRANSFER_SETTLEMENT = 10;
    /** The fee kept from a merchant's takings. */
    public static final int TRANSFER_FEE = 11;
    /** A reservation given up or lapsed: the person's limits it used come back (decision 0018). */
    public static final int TRANSFER_LIMIT_RETURN = 12;

    private static final Set<AccountFlag> NEVER_NEGATIVE = Set.of(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS);
    /** A round's budget: never below zero, and touched by every purchase of the round. */
    private static final Set<AccountFlag> SHARED_NEVER_NEGATIVE =
            Set.of(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS, AccountFlag.HOT);

    private VoucherLedger() {}

    // Round accounts.

    public static String budget(RoundId round) {
        return "budget:" + round;
    }

    public static String budgetSold(RoundId round) {
        return "budget-sold:" + round;
    }

    public static String budgetIssue(RoundId round) {
        return "budget-issue:" + round;
    }

    public static String subsidy(RoundId round) {
        return "subsidy:" + round;
    }

    public static String roundCapControl(RoundId round) {
        return "roundcap-control:" + round;
    }

    public static String roundCap(PersonId person, RoundId round) {
        return "roundcap:" + person + ":" + round;
    }

    // Program accounts.

    public static String clearing(FundingMethod method) {
        return "clearing:" + method.name().toLowerCase(java.util.Locale.ROOT);
    }

    // Merchant accounts (money ledger).

    /**
     * What the program owes a merchant: payments credit it, cancellations, fees and settlement debit it, and it may
     * never go below zero. It keeps its history, which settlement reads.
     */
    public static String merchantPayable(ProgramId program, MerchantId merchant) {
        return "payable:" + program + ":" + merchant;
    }

    public static Account merchantPayableAccount(ProgramId program, MerchantId merchant) {
        return Account.of(
                merchantPayable(program, merchant),
                MONEY,
                CODE_MERCHANT_PAYABLE,
                Set.of(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS, AccountFlag.HISTORY));
    }

    /** Where settlement sends merchants' takings: the program's payout clearing with the bank. */
    public static String settled(ProgramId program) {
        return "settled:" + program;
    }

    /** The fees kept from the program's merchants' takings. */
    public static String fees(ProgramId program) {
        return "fees:" + program;
    }

    public static String expired(ProgramId program) {
        return "expired:" + program;
    }

    public static String quotaControl(ProgramId program) {
        return "quota-control:" + program;
    }

    public static String cardQuotaControl(ProgramId program) {
        return "cardquota-control:" + program;
    }

    public static String holdingControl(ProgramId program) {
        return "holding-control:" + program;
    }

    public static String giftReceiptControl(ProgramId program) {
        return "giftquota-control:" + program;
    }

    // A person's limits.

    public static String quota(PersonId person, ProgramId program, YearMonth month) {
        return "quota:" + person + ":" + program + ":" + month;
    }

    public static String cardQuota(PersonId person, ProgramId program, YearMonth month) {
        return "cardquota:" + person + ":" + program + ":" + month;
    }

    public static String holding(PersonId person, ProgramId program) {
        return "holding:" + person + ":" + program;
    }

    public static String giftReceipt(PersonId person, ProgramId program, YearMonth month) {
        return "giftquota:" + person + ":" + program + ":" + month;
    }

    /** A constrained account for a person's limit: it can never be used past what was granted. */
    public static Account personLimit(String id, int ledger) {
        return Account.of(id, ledger, CODE_PERSON_LIMIT, NEVER_NEGATIVE);
    }

    /**
     * An unconstrained account of a program or round on the given ledger. Every purchase, gift or payment of the
     * program moves through such accounts, so they are flagged {@link AccountFlag#HOT}: the ledger locks them last.
     */
    public static Account control(String id, int ledger, int code) {
        return Account.of(id, ledger, code, Set.of(AccountFlag.HOT));
    }

    /** The accounts a program needs before anything is sold. */
    public static java.util.List<Account> programAccounts(ProgramId program) {
        return java.util.List.of(
                control(clearing(FundingMethod.BANK_ACCOUNT), MONEY, CODE_CLEARING),
                control(clearing(FundingMethod.CARD), MONEY, CODE_CLEARING),
                control(expired(program), MONEY, CODE_EXPIRED),
                control(settled(program), MONEY, CODE_SETTLED),
                control(fees(program), MONEY, CODE_FEES),
                control(quotaControl(program), MONTHLY_QUOTA, CODE_LIMIT_CONTROL),
                control(cardQuotaControl(program), CARD_QUOTA, CODE_LIMIT_CONTROL),
                control(holdingControl(program), HOLDING, CODE_LIMIT_CONTROL),
                control(giftReceiptControl(program), GIFT_RECEIPT, CODE_LIMIT_CONTROL));
    }

    /** The accounts a round needs: its budget (never negative), what it sold, its subsidy and its per-person caps. */
    public static java.util.List<Account> roundAccounts(RoundId round) {
        return java.util.List.of(
                Account.of(budget(round), ROUND_BUDGET, CODE_BUDGET, SHARED_NEVER_NEGATIVE),
                control(budgetSold(round), ROUND_BUDGET, CODE_BUDGET_SOLD),
                control(budgetIssue(round), ROUND_BUDGET, CODE_BUDGET_ISSUE),
                control(subsidy(round), MONEY, CODE_SUBSIDY),
                control(roundCapControl(round), ROUND_CAP, CODE_LIMIT_CONTROL));
    }
}
