package dev.dangol.ledger;

import java.util.EnumSet;
import java.util.Set;

/** Balance constraints an account enforces on every transfer, as in TigerBeetle, and how the ledger keeps it. */
public enum AccountFlag {
    /** The account may never be debited past what it has been credited: a budget, a limit, a voucher lot. */
    DEBITS_MUST_NOT_EXCEED_CREDITS(1),
    /** The account may never be credited past what it has been debited. */
    CREDITS_MUST_NOT_EXCEED_DEBITS(2),
    /**
     * The ledger keeps an index of the account's transfers, so that {@link Ledger#transfersOf} can list them. Only
     * accounts whose history someone reads (a voucher lot, a merchant) carry it: indexing every transfer of the hot
     * accounts of a launch (a round's budget, the limits' control accounts) would cost every purchase for nothing.
     */
    HISTORY(4),
    /**
     * Many concurrent transfers touch the account: a round's budget, its subsidy, the limits' control accounts, the
     * payment clearing. The ledger locks it last in a batch's transaction, just before the commit, rather than first,
     * so that several writers (threads or server nodes) wait for one another only for that moment instead of for
     * their whole batch. Its balances are read first without a lock; the batch is applied again on the values found
     * under the lock, and retried if any outcome differs (docs/design.md, "Hot accounts").
     */
    HOT(8);

    private final int bit;

    AccountFlag(int bit) {
        this.bit = bit;
    }

    public static int toBits(Set<AccountFlag> flags) {
        int bits = 0;
        for (AccountFlag flag : flags) {
            bits |= flag.bit;
        }
        return bits;
    }

    public static Set<AccountFlag> fromBits(int bits) {
        EnumSet<AccountFlag> flags = EnumSet.noneOf(AccountFlag.class);
        for (AccountFlag flag : values()) {
            if ((bits & flag.bit) != 0) {
                flags.add(flag);
            }
        }
        return flags;
    }
}
