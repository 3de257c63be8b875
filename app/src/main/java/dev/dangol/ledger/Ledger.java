package dev.dangol.ledger;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The double-entry ledger that every movement of money, budget and limits goes through. Nothing else writes
 * balances.
 *
 * <p>A submission is a list of accounts to create and a list of transfers. Accounts are created first. Transfers are
 * applied in order; consecutive transfers joined by {@link TransferFlag#LINKED} form a chain that is applied whole or
 * not at all. Each transfer id keeps its first outcome: submitting it again returns that outcome and changes nothing,
 * and submitting it with other fields fails with {@link TransferResult#EXISTS_WITH_DIFFERENT_FIELDS}.
 */
public interface Ledger {

    /** The most transfers one submission may carry. */
    int MAX_TRANSFERS_PER_SUBMISSION = 8_190;

    LedgerResults submit(List<Account> accounts, List<Transfer> transfers);

    default List<AccountResult> createAccounts(List<Account> accounts) {
        return submit(accounts, List.of()).accounts();
    }

    default List<TransferResult> createTransfers(List<Transfer> transfers) {
        return submit(List.of(), transfers).transfers();
    }

    Optional<AccountBalance> lookupAccount(String id);

    Map<String, AccountBalance> lookupAccounts(Collection<String> ids);

    Optional<TransferRecord> lookupTransfer(String id);

    Map<String, TransferRecord> lookupTransfers(Collection<String> ids);

    List<AccountBalance> queryAccounts(AccountQuery query);

    /**
     * The accounts of one kind on one ledger, in id order, those after {@code afterId} (null for the first page), at
     * most {@code limit} (1 to {@link AccountQuery#MAX_LIMIT}): how a reader walks every account of a kind, such as
     * every merchant's payable account, one bounded page at a time.
     */
    List<AccountBalance> accountsByCode(int ledger, int code, String afterId, int limit);

    /**
     * Transfers that moved the account's balance, oldest first, at most {@code limit}. Only accounts flagged
     * {@link AccountFlag#HISTORY} keep this history; for others the list is empty.
     */
    List<TransferRecord> transfersOf(String accountId, int limit);

    /**
     * One page of the transfers that moved an account inside a time window (see {@link HistoryWindow}); like
     * {@link #transfersOf(String, int)}, only accounts flagged {@link AccountFlag#HISTORY} keep them.
     */
    List<TransferRecord> transfersOf(HistoryWindow window);

    /** Voids pending transfers whose timeout has passed, at most {@code limit}; returns how many it voided. */
    int expirePendingTransfers(int limit);

    /**
     * Notices of pending transfers this ledger voided for their timeout that no client has acknowledged yet, oldest
     * first, at most {@code limit}. A notice is written in the same transaction as its expiry, so none is lost; it
     * stays until {@link #acknowledgeExpiries} removes it, so a client that acts on lapsed holds and then acknowledges
     * sees each at least once (its action must be idempotent).
     */
    List<ExpiredTransfer> expiries(int limit);

    /** Removes these notices ({@link ExpiredTransfer#sequence()}); unknown ones are ignored. */
    void acknowledgeExpiries(Collection<Long> sequences);

    /** Sums every ledger and checks every account against its flags. */
    LedgerAudit audit();
}
