package dev.dangol.ledger;

import java.time.Instant;
import java.util.Set;

/** An account as the ledger holds it now: its fields and its four balances. */
public record AccountBalance(
        String id,
        int ledger,
        int code,
        Set<AccountFlag> flags,
        String userData128,
        long userData64,
        int userData32,
        long debitsPending,
        long debitsPosted,
        long creditsPending,
        long creditsPosted,
        Instant createdAt) {

    public AccountBalance {
        flags = Set.copyOf(flags);
    }

    /** Credits posted less every debit, posted or pending: what a debit-constrained account can still give. */
    public long available() {
        return creditsPosted - debitsPosted - debitsPending;
    }

    /** Credits posted less debits posted. */
    public long postedBalance() {
        return creditsPosted - debitsPosted;
    }

    public boolean has(AccountFlag flag) {
        return flags.contains(flag);
    }
}
