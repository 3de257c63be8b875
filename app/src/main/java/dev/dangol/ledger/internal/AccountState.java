package dev.dangol.ledger.internal;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountFlag;
import java.time.Instant;

/** An account's fields and balances while a batch works on it. Only the writer thread running the batch touches it. */
final class AccountState {

    final Account account;
    final int flagBits;
    final Instant createdAt;
    long debitsPending;
    long debitsPosted;
    long creditsPending;
    long creditsPosted;
    /** Created by this batch: to be inserted rather than updated. */
    final boolean created;
    /** Balances changed by this batch. */
    boolean dirty;

    AccountState(Account account, Instant createdAt, boolean created) {
        this.account = account;
        this.flagBits = AccountFlag.toBits(account.flags());
        this.createdAt = createdAt;
        this.created = created;
    }

    String id() {
        return account.id();
    }

    boolean has(AccountFlag flag) {
        return account.flags().contains(flag);
    }

    AccountBalance toBalance() {
        return new AccountBalance(
                account.id(),
                account.ledger(),
                account.code(),
                account.flags(),
                account.userData128(),
                account.userData64(),
                account.userData32(),
                debitsPending,
                debitsPosted,
                creditsPending,
                creditsPosted,
                createdAt);
    }

    static AccountState of(AccountBalance balance) {
        Account account = new Account(
                balance.id(),
                balance.ledger(),
                balance.code(),
                balance.flags(),
                balance.userData128(),
                balance.userData64(),
                balance.userData32());
        AccountState state = new AccountState(account, balance.createdAt(), false);
        state.debitsPending = balance.debitsPending();
        state.debitsPosted = balance.debitsPosted();
        state.creditsPending = balance.creditsPending();
        state.creditsPosted = balance.creditsPosted();
        return state;
    }
}
