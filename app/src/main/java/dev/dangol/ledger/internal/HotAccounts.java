package dev.dangol.ledger.internal;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountFlag;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts flagged {@link AccountFlag#HOT} that this ledger has seen, which its writers lock last in a batch. An
 * account's flags never change, so once seen it stays known; the set is bounded (a launch has a few hot accounts per
 * round and program), and an account it has no room for is simply locked first, as any other.
 *
 * <p>A hot account seen for the first time was locked first by the batch that saw it; a writer on another node that
 * already knew it locks it last. Two such batches can wait for each other once, which PostgreSQL breaks as a deadlock
 * and the ledger retries.
 */
final class HotAccounts {

    static final int CAPACITY = 4_096;

    /** Locks every account first: the ledger before hot accounts, and every retry of a batch. */
    static final HotAccounts NONE = new HotAccounts(0);

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final int capacity;

    HotAccounts() {
        this(CAPACITY);
    }

    private HotAccounts(int capacity) {
        this.capacity = capacity;
    }

    /** Remembers the hot ones among these accounts. */
    void learn(Collection<AccountBalance> accounts) {
        if (capacity == 0) {
            return;
        }
        for (AccountBalance account : accounts) {
            if (account.flags().contains(AccountFlag.HOT) && ids.size() < capacity) {
                ids.add(account.id());
            }
        }
    }

    /** Remembers the hot ones among accounts a submission creates (or finds already there). */
    void learnCreated(Collection<Account> accounts) {
        if (capacity == 0) {
            return;
        }
        for (Account account : accounts) {
            if (account.flags().contains(AccountFlag.HOT) && ids.size() < capacity && account.id() != null) {
                ids.add(account.id());
            }
        }
    }

    /** The known hot accounts among these ids. */
    Set<String> among(Set<String> accountIds) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<String> hot = new LinkedHashSet<>();
        for (String id : accountIds) {
            if (ids.contains(id)) {
                hot.add(id);
            }
        }
        return hot;
    }

    int size() {
        return ids.size();
    }
}
