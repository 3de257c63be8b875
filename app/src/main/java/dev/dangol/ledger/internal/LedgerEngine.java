package dev.dangol.ledger.internal;

import static dev.dangol.ledger.TransferResult.*;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountFlag;
import dev.dangol.ledger.AccountResult;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferFlag;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a batch of commands to the ledger inside one store transaction. Each linked chain is applied whole or not
 * at all: the engine keeps an undo record per chain and rolls the in-memory state back when a link fails, so that
 * many chains share one database transaction (group commit) without sharing their fate.
 *
 * <p>Not thread-safe: one batch at a time per engine.
 */
final class LedgerEngine {

    private LedgerEngine() {}

    /** Applies the commands in order, every account locked first; one result per command (empty for an expiry). */
    static List<LedgerResults> execute(List<Command> commands, LedgerStore.Transaction tx, Instant now) {
        return execute(commands, tx, now, HotAccounts.NONE);
    }

    /**
     * Applies the commands in order and returns one result per command (an empty result for an expiry). The known hot
     * accounts among those the batch touches are locked last: the batch is applied on their balances as last
     * committed, everything else is written, and only then are they locked; if their balances moved meanwhile the
     * batch is applied again on the locked ones, and must give the same outcomes (otherwise {@link HotConflict}, and
     * the caller retries the batch). The outcomes are therefore exactly those of the batch run at the moment it locked
     * its hot accounts, while another writer could write all but those rows beside it. {@link HotAccounts#NONE} locks
     * every account first.
     */
    static List<LedgerResults> execute(
            List<Command> commands, LedgerStore.Transaction tx, Instant now, HotAccounts hotAccounts) {
        // Pending transfers that posts, voids and expiries name: their accounts must be locked too. A post or void
        // that names both accounts says which they are, so only the others' pending transfers are read to learn them.
        // Hash sets, not sorted ones: the database sorts the accounts it locks, and a batch's ids number hundreds.
        Set<String> referencedPendingIds = new LinkedHashSet<>();
        Set<String> unnamedPendingIds = new LinkedHashSet<>();
        Set<String> transferIds = new LinkedHashSet<>();
        Set<String> accountIds = new LinkedHashSet<>();
        for (Command command : commands) {
            switch (command) {
                case Command.Submit submit -> {
                    for (Account account : submit.accounts()) {
                        if (fits(account.id())) {
                            accountIds.add(account.id());
                        }
                    }
                    // Known as hot from its creation on, so that no batch after this one locks it first.
                    hotAccounts.learnCreated(submit.accounts());
                    for (Transfer transfer : submit.transfers()) {
                        if (fits(transfer.id())) {
                            transferIds.add(transfer.id());
                        }
                        addIfFits(accountIds, transfer.debitAccountId());
                        addIfFits(accountIds, transfer.creditAccountId());
                        if (fits(transfer.pendingId())) {
                            referencedPendingIds.add(transfer.pendingId());
                            if (!fits(transfer.debitAccountId()) || !fits(transfer.creditAccountId())) {
                                unnamedPendingIds.add(transfer.pendingId());
                            }
                        }
                    }
                }
                case Command.Expire expire -> {
                    referencedPendingIds.addAll(expire.pendingIds());
                    unnamedPendingIds.addAll(expire.pendingIds());
                }
            }
        }
        if (!unnamedPendingIds.isEmpty()) {
            for (TransferRecord pending : tx.findTransfers(unnamedPendingIds).values()) {
                addIfFits(accountIds, pending.transfer().debitAccountId());
                addIfFits(accountIds, pending.transfer().creditAccountId());
            }
        }
        Set<String> late = hotAccounts.among(accountIds);
        Set<String> first = accountIds;
        if (!late.isEmpty()) {
            first = new LinkedHashSet<>(accountIds);
            first.removeAll(late);
        }
        Map<String, AccountBalance> balances = new HashMap<>(tx.lockAccounts(first));
        hotAccounts.learn(balances.values());
        Map<String, AccountBalance> lastCommitted = late.isEmpty() ? Map.of() : tx.readAccounts(late);
        balances.putAll(lastCommitted);

        // Read after locking: a pending transfer changes state only while one of its accounts is locked, or (both
        // accounts hot) by an update that checks the state it changes, so what is read now stays true.
        transferIds.addAll(referencedPendingIds);
        Map<String, TransferRecord> records = new HashMap<>();
        Set<String> unlocked = new LinkedHashSet<>();
        tx.findTransfers(transferIds).forEach((id, record) -> {
            // Only a pending transfer that this batch may post, void or expire needs its accounts locked; one read
            // because a submission reuses its id is only replayed.
            if (unnamedPendingIds.contains(id)
                    && record.pendingState() == PendingState.PENDING
                    && (!accountIds.contains(record.transfer().debitAccountId())
                            || !accountIds.contains(record.transfer().creditAccountId()))) {
                // Recorded by another node between our two reads; its accounts are not locked. Start again.
                throw new LedgerStore.Conflict("pending transfer " + id + " appeared during the batch", null);
            }
            if (referencedPendingIds.contains(id) && record.pendingState() == PendingState.PENDING) {
                // Named only by posts and voids that name other accounts than its own (they are refused for it,
                // PENDING_TRANSFER_HAS_DIFFERENT_*_ACCOUNT_ID): its accounts are locked now, late, so that the batch
                // can still void it if its timeout passed. Only a client naming wrong accounts comes here.
                addIfAbsent(unlocked, accountIds, record.transfer().debitAccountId());
                addIfAbsent(unlocked, accountIds, record.transfer().creditAccountId());
            }
            records.put(id, record);
        });
        if (!unlocked.isEmpty()) {
            balances.putAll(tx.lockAccounts(unlocked));
            accountIds.addAll(unlocked);
        }

        Batch applied = apply(commands, balances, records, referencedPendingIds, now);
        if (late.isEmpty()) {
            tx.write(applied.writes());
            return applied.results;
        }
        LedgerStore.Writes writes = applied.writes();
        tx.write(writes.exceptAccounts(late));
        // Only the hot accounts that were there: one this batch creates is inserted with the rest (a writer creating
        // it at the same time meets this one on its primary key).
        Map<String, AccountBalance> locked =
                lastCommitted.isEmpty() ? Map.of() : tx.lockAccounts(new LinkedHashSet<>(lastCommitted.keySet()));
        if (!locked.equals(lastCommitted)) {
            // Another writer committed to a hot account since it was read: apply the batch again on what is locked.
            // Everything but the hot accounts' balances must come out the same, or what was written is wrong.
            balances.keySet().removeAll(late);
            balances.putAll(locked);
            Batch again = apply(commands, balances, records, referencedPendingIds, now);
            if (!again.results.equals(applied.results)) {
                throw new HotConflict(late);
            }
            writes = again.writes();
        }
        tx.write(writes.onlyAccounts(late));
        return applied.results;
    }

    /** Applies the commands to fresh in-memory copies of what was read. */
    private static Batch apply(
            List<Command> commands,
            Map<String, AccountBalance> balances,
            Map<String, TransferRecord> records,
            Set<String> referencedPendingIds,
            Instant now) {
        Map<String, AccountState> accounts = HashMap.newHashMap(balances.size());
        balances.forEach((id, balance) -> accounts.put(id, AccountState.of(balance)));
        Map<String, TransferRow> transfers = HashMap.newHashMap(records.size());
        records.forEach((id, record) -> transfers.put(id, TransferRow.of(record)));
        Batch batch = new Batch(accounts, transfers, now);
        // Pending transfers this batch names that have timed out are voided first, outside any chain, so that a
        // failing chain cannot undo an expiry.
        for (String id : referencedPendingIds) {
            TransferRow row = transfers.get(id);
            if (row != null && row.isLivePending() && row.expiresAt != null && !row.expiresAt.isAfter(now)) {
                batch.expire(row);
            }
        }
        for (Command command : commands) {
            batch.results.add(
                    switch (command) {
                        case Command.Submit submit -> batch.submit(submit);
                        case Command.Expire expire -> batch.expiredAmong(expire);
                    });
        }
        return batch;
    }

    /**
     * A hot account's balance moved between the batch's first read and its lock, and the batch applied on the locked
     * balance gives other outcomes (a budget ran out, say): what was written is undone with the transaction, and the
     * batch is tried again with every account locked first.
     */
    static final class HotConflict extends LedgerStore.Conflict {
        HotConflict(Set<String> hot) {
            super("the hot accounts " + hot + " moved under the batch and changed its outcomes", null);
        }
    }

    private static void addIfAbsent(Set<String> to, Set<String> present, String id) {
        if (fits(id) && !present.contains(id)) {
            to.add(id);
        }
    }

    private static void addIfFits(Set<String> ids, String id) {
        if (fits(id)) {
            ids.add(id);
        }
    }

    private static boolean fits(String id) {
        return id != null && !id.isBlank() && id.length() <= Transfer.MAX_ID_LENGTH;
    }

    /** The state of one batch: accounts and transfers as they stand after the commands applied so far. */
    private static final class Batch {

        private final Map<String, AccountState> accounts;
        private final Map<String, TransferRow> transfers;
        private final Instant now;
        private final Map<String, AccountState> newAccounts = new LinkedHashMap<>();
        private final Map<AccountState, Boolean> changedAccounts = new IdentityHashMap<>();
        private final List<TransferRow> newTransfers = new ArrayList<>();
        private final Map<TransferRow, Boolean> changedPending = new IdentityHashMap<>();
        final List<LedgerResults> results = new ArrayList<>();

        Batch(Map<String, AccountState> accounts, Map<String, TransferRow> transfers, Instant now) {
            this.accounts = accounts;
            this.transfers = transfers;
            this.now = now;
        }

        LedgerStore.Writes writes() {
            List<AccountState> changed = new ArrayList<>();
            for (AccountState account : changedAccounts.keySet()) {
                if (!account.created) {
                    changed.add(account);
                }
            }
            List<TransferRow> pendingChanges = new ArrayList<>();
            for (TransferRow row : changedPending.keySet()) {
                if (!row.created) {
                    pendingChanges.add(row);
                }
            }
            List<LedgerStore.HistoryEntry> history = new ArrayList<>();
            for (TransferRow row : newTransfers) {
                if (row.result.isSuccess()) {
                    addHistory(history, row, row.transfer.debitAccountId());
                    addHistory(history, row, row.transfer.creditAccountId());
                }
            }
            return new LedgerStore.Writes(
                    List.copyOf(newAccounts.values()),
                    changed,
                    List.copyOf(newTransfers),
                    pendingChanges,
                    history,
                    now);
        }

        private void addHistory(List<LedgerStore.HistoryEntry> history, TransferRow row, String accountId) {
            AccountState account = accounts.get(accountId);
            if (account != null && account.has(AccountFlag.HISTORY)) {
                history.add(new LedgerStore.HistoryEntry(accountId, row.createdAt, row.id()));
            }
        }

        /** One OK per pending transfer of the command that this batch voided for its timeout. */
        LedgerResults expiredAmong(Command.Expire expire) {
            List<TransferResult> expired = new ArrayList<>();
            for (String id : expire.pendingIds()) {
                TransferRow row = transfers.get(id);
                if (row != null && row.stateChanged && row.pendingState == PendingState.EXPIRED) {
                    expired.add(OK);
                }
            }
            return new LedgerResults(
                    List.of(), expired, java.util.Collections.nCopies(expired.size(), Boolean.FALSE), now);
        }

        void expire(TransferRow row) {
            AccountState debit = accounts.get(row.transfer.debitAccountId());
            AccountState credit = accounts.get(row.transfer.creditAccountId());
            debit.debitsPending -= row.transfer.amount();
            credit.creditsPending -= row.transfer.amount();
            touch(debit);
            touch(credit);
            row.pendingState = PendingState.EXPIRED;
            row.stateChanged = true;
            changedPending.put(row, Boolean.TRUE);
        }

        LedgerResults submit(Command.Submit submit) {
            List<AccountResult> accountResults =
                    new ArrayList<>(submit.accounts().size());
            for (Account account : submit.accounts()) {
                accountResults.add(createAccount(account));
            }
            List<Transfer> list = submit.transfers();
            TransferResult[] results = new TransferResult[list.size()];
            Boolean[] replayed = new Boolean[list.size()];
            int start = 0;
            while (start < list.size()) {
                int end = start;
                while (end < list.size() - 1 && list.get(end).has(TransferFlag.LINKED)) {
                    end++;
                }
                boolean[] chainReplayed = applyChain(list, start, end, results);
                for (int i = start; i <= end; i++) {
                    replayed[i] = chainReplayed[i - start];
                }
                start = end + 1;
            }
            return new LedgerResults(accountResults, Arrays.asList(results), Arrays.asList(replayed), now);
        }

        private AccountResult createAccount(Account account) {
            if (account.id() == null || account.id().isBlank()) {
                return AccountResult.ID_MUST_NOT_BE_BLANK;
            }
            if (account.id().length() > Account.MAX_ID_LENGTH
                    || (account.userData128() != null && account.userData128().length() > Account.MAX_ID_LENGTH)) {
                return AccountResult.ID_TOO_LONG;
            }
            if (account.flags().contains(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS)
                    && account.flags().contains(AccountFlag.CREDITS_MUST_NOT_EXCEED_DEBITS)) {
                return AccountResult.FLAGS_ARE_MUTUALLY_EXCLUSIVE;
            }
            if (account.ledger() == 0) {
                return AccountResult.LEDGER_MUST_NOT_BE_ZERO;
            }
            if (account.code() == 0) {
                return AccountResult.CODE_MUST_NOT_BE_ZERO;
            }
            AccountState existing = accounts.get(account.id());
            if (existing != null) {
                return sameFields(existing.account, account)
                        ? AccountResult.EXISTS
                        : AccountResult.EXISTS_WITH_DIFFERENT_FIELDS;
            }
            AccountState created = new AccountState(account, now, true);
            accounts.put(account.id(), created);
            newAccounts.put(account.id(), created);
            return AccountResult.OK;
        }

        /**
         * Whether an account created again is the one that exists. {@link AccountFlag#HOT} says how the ledger keeps
         * the account, not what it is: an account created before the flag existed is the same account with it.
         */
        private static boolean sameFields(Account existing, Account again) {
            return existing.equals(again) || withoutHot(existing).equals(withoutHot(again));
        }

        private static Account withoutHot(Account account) {
            Set<AccountFlag> flags = EnumSet.noneOf(AccountFlag.class);
            flags.addAll(account.flags());
            flags.remove(AccountFlag.HOT);
            return new Account(
                    account.id(),
                    account.ledger(),
                    account.code(),
                    flags,
                    account.userData128(),
                    account.userData64(),
                    account.userData32());
        }

        /** Applies transfers {@code start..end} (inclusive) as one chain; returns which of them were replays. */
        private boolean[] applyChain(List<Transfer> list, int start, int end, TransferResult[] results) {
            Undo undo = new Undo();
            Map<String, TransferRow> chainRows = new LinkedHashMap<>();
            // Links whose id was decided before this chain: they keep that outcome whatever becomes of the chain.
            boolean[] replayed = new boolean[end - start + 1];
            int failedAt = -1;
            for (int i = start; i <= end; i++) {
                Transfer transfer = list.get(i);
                TransferResult result;
                if (i == end && transfer.has(TransferFlag.LINKED)) {
                    result = LINKED_EVENT_CHAIN_OPEN;
                } else {
                    TransferRow earlier = chainRows.containsKey(transfer.id())
                            ? chainRows.get(transfer.id())
                            : transfer.id() == null ? null : transfers.get(transfer.id());
                    if (earlier != null) {
                        replayed[i - start] = !chainRows.containsKey(transfer.id());
                        result =
                                sameRequest(earlier.transfer, transfer) ? earlier.result : EXISTS_WITH_DIFFERENT_FIELDS;
                    } else {
                        result = apply(transfer, undo, chainRows);
                    }
                }
                results[i] = result;
                if (!result.isSuccess()) {
                    failedAt = i;
                    break;
                }
            }
            if (failedAt >= 0) {
                undo.rollback();
                java.util.Set<String> recordedNow = new java.util.HashSet<>();
                for (int i = start; i <= end; i++) {
                    if (replayed[i - start]) {
                        continue;
                    }
                    // Links after the failure were not looked at yet. A retried chain already holds them: they keep
                    // their first outcome, which may name the link that failed the first time. So does a link that
                    // repeats the id of an earlier link of this chain, recorded just before it in this loop.
                    Transfer transfer = list.get(i);
                    TransferRow earlier = transfer.id() == null ? null : transfers.get(transfer.id());
                    if (earlier != null) {
                        replayed[i - start] = !recordedNow.contains(transfer.id());
                        if (i != failedAt) {
                            results[i] = sameRequest(earlier.transfer, transfer)
                                    ? earlier.result
                                    : EXISTS_WITH_DIFFERENT_FIELDS;
                        }
                        continue;
                    }
                    if (i != failedAt) {
                        results[i] = LINKED_EVENT_FAILED;
                    }
                    // Failures are recorded too, so that a retry with the same id gets the same answer; an id is
                    // recorded once.
                    if (storable(transfer)) {
                        record(new TransferRow(transfer, results[i], now, null, null, true));
                        recordedNow.add(transfer.id());
                    }
                }
            } else {
                for (TransferRow row : chainRows.values()) {
                    record(row);
                }
            }
            return replayed;
        }

        private void record(TransferRow row) {
            transfers.put(row.id(), row);
            newTransfers.add(row);
        }

        private static boolean storable(Transfer transfer) {
            return fits(transfer.id())
                    && lengthOk(transfer.debitAccountId())
                    && lengthOk(transfer.creditAccountId())
                    && lengthOk(transfer.pendingId())
                    && lengthOk(transfer.userData128());
        }

        private static boolean lengthOk(String value) {
            return value == null || value.length() <= Transfer.MAX_ID_LENGTH;
        }

        /**
         * Whether a repeated id carries the same request. A post or void may leave accounts, ledger and code blank
         * to take them from the pending transfer; blank then matches what was recorded.
         */
        private static boolean sameRequest(Transfer recorded, Transfer again) {
            boolean inherits = again.has(TransferFlag.POST_PENDING) || again.has(TransferFlag.VOID_PENDING);
            return Objects.equals(recorded.id(), again.id())
                    && matches(recorded.debitAccountId(), again.debitAccountId(), inherits)
                    && matches(recorded.creditAccountId(), again.creditAccountId(), inherits)
                    && recorded.amount() == again.amount()
                    && Objects.equals(recorded.pendingId(), again.pendingId())
                    && (recorded.ledger() == again.ledger() || (inherits && again.ledger() == 0))
                    && (recorded.code() == again.code() || (inherits && again.code() == 0))
                    && recorded.flags().equals(again.flags())
                    && recorded.timeoutSeconds() == again.timeoutSeconds()
                    && Objects.equals(recorded.userData128(), again.userData128())
                    && recorded.userData64() == again.userData64()
                    && recorded.userData32() == again.userData32();
        }

        private static boolean matches(String recorded, String again, boolean inherits) {
            return Objects.equals(recorded, again) || (inherits && again == null);
        }

        private TransferResult apply(Transfer t, Undo undo, Map<String, TransferRow> chainRows) {
            if (t.id() == null || t.id().isBlank()) {
                return ID_MUST_NOT_BE_BLANK;
            }
            if (t.id().length() > Transfer.MAX_ID_LENGTH
                    || (t.userData128() != null && t.userData128().length() > Transfer.MAX_ID_LENGTH)) {
                return ID_TOO_LONG;
            }
            boolean pending = t.has(TransferFlag.PENDING);
            boolean post = t.has(TransferFlag.POST_PENDING);
            boolean voiding = t.has(TransferFlag.VOID_PENDING);
            if ((pending ? 1 : 0) + (post ? 1 : 0) + (voiding ? 1 : 0) > 1) {
                return FLAGS_ARE_MUTUALLY_EXCLUSIVE;
            }
            if (t.timeoutSeconds() < 0) {
                return TIMEOUT_MUST_NOT_BE_NEGATIVE;
            }
            if (t.timeoutSeconds() != 0 && !pending) {
                return TIMEOUT_RESERVED_FOR_PENDING_TRANSFER;
            }
            if (t.amount() < 0) {
                return AMOUNT_MUST_NOT_BE_NEGATIVE;
            }
            if (post || voiding) {
                return applyPostOrVoid(t, post, undo, chainRows);
            }
            if (t.pendingId() != null) {
                return PENDING_ID_MUST_BE_BLANK;
            }
            if (t.debitAccountId() == null || t.debitAccountId().isBlank()) {
                return DEBIT_ACCOUNT_ID_MUST_NOT_BE_BLANK;
            }
            if (t.creditAccountId() == null || t.creditAccountId().isBlank()) {
                return CREDIT_ACCOUNT_ID_MUST_NOT_BE_BLANK;
            }
            if (t.debitAccountId().equals(t.creditAccountId())) {
                return ACCOUNTS_MUST_BE_DIFFERENT;
            }
            if (t.amount() == 0) {
                return AMOUNT_MUST_NOT_BE_ZERO;
            }
            if (t.ledger() == 0) {
                return LEDGER_MUST_NOT_BE_ZERO;
            }
            if (t.code() == 0) {
                return CODE_MUST_NOT_BE_ZERO;
            }
            AccountState debit = accounts.get(t.debitAccountId());
            if (debit == null) {
                return DEBIT_ACCOUNT_NOT_FOUND;
            }
            AccountState credit = accounts.get(t.creditAccountId());
            if (credit == null) {
                return CREDIT_ACCOUNT_NOT_FOUND;
            }
            if (debit.account.ledger() != credit.account.ledger()) {
                return ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER;
            }
            if (t.ledger() != debit.account.ledger()) {
                return TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS;
            }
            long amount = t.amount();
            long debitTotal;
            long creditTotal;
            try {
                debitTotal = Math.addExact(Math.addExact(debit.debitsPending, debit.debitsPosted), amount);
            } catch (ArithmeticException overflow) {
                return OVERFLOWS_DEBITS;
            }
            try {
                creditTotal = Math.addExact(Math.addExact(credit.creditsPending, credit.creditsPosted), amount);
            } catch (ArithmeticException overflow) {
                return OVERFLOWS_CREDITS;
            }
            if (debit.has(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS) && debitTotal > debit.creditsPosted) {
                return EXCEEDS_CREDITS;
            }
            if (credit.has(AccountFlag.CREDITS_MUST_NOT_EXCEED_DEBITS) && creditTotal > credit.debitsPosted) {
                return EXCEEDS_DEBITS;
            }
            undo.save(debit);
            undo.save(credit);
            if (pending) {
                debit.debitsPending += amount;
                credit.creditsPending += amount;
            } else {
                debit.debitsPosted += amount;
                credit.creditsPosted += amount;
            }
            touch(debit);
            touch(credit);
            Instant expiresAt = pending && t.timeoutSeconds() > 0 ? now.plusSeconds(t.timeoutSeconds()) : null;
            chainRows.put(t.id(), new TransferRow(t, OK, now, pending ? PendingState.PENDING : null, expiresAt, true));
            return OK;
        }

        private TransferResult applyPostOrVoid(
                Transfer t, boolean post, Undo undo, Map<String, TransferRow> chainRows) {
            if (t.pendingId() == null || t.pendingId().isBlank()) {
                return PENDING_ID_MUST_NOT_BE_BLANK;
            }
            if (t.pendingId().equals(t.id())) {
                return PENDING_ID_MUST_BE_DIFFERENT;
            }
            TransferRow p =
                    chainRows.containsKey(t.pendingId()) ? chainRows.get(t.pendingId()) : transfers.get(t.pendingId());
            if (p == null || !p.result.isSuccess()) {
                return PENDING_TRANSFER_NOT_FOUND;
            }
            if (!p.transfer.has(TransferFlag.PENDING)) {
                return PENDING_TRANSFER_NOT_PENDING;
            }
            Transfer pt = p.transfer;
            if (t.debitAccountId() != null && !t.debitAccountId().equals(pt.debitAccountId())) {
                return PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID;
            }
            if (t.creditAccountId() != null && !t.creditAccountId().equals(pt.creditAccountId())) {
                return PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID;
            }
            if (t.ledger() != 0 && t.ledger() != pt.ledger()) {
                return PENDING_TRANSFER_HAS_DIFFERENT_LEDGER;
            }
            if (t.code() != 0 && t.code() != pt.code()) {
                return PENDING_TRANSFER_HAS_DIFFERENT_CODE;
            }
            switch (p.pendingState) {
                case POSTED -> {
                    return PENDING_TRANSFER_ALREADY_POSTED;
                }
                case VOIDED -> {
                    return PENDING_TRANSFER_ALREADY_VOIDED;
                }
                case EXPIRED -> {
                    return PENDING_TRANSFER_EXPIRED;
                }
                case PENDING -> {}
            }
            if (p.expiresAt != null && !p.expiresAt.isAfter(now)) {
                return PENDING_TRANSFER_EXPIRED;
            }
            if (post) {
                if (t.amount() == 0) {
                    return AMOUNT_MUST_NOT_BE_ZERO;
                }
                if (t.amount() > pt.amount()) {
                    return EXCEEDS_PENDING_TRANSFER_AMOUNT;
                }
            } else if (t.amount() != 0 && t.amount() != pt.amount()) {
                return PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT;
            }
            AccountState debit = accounts.get(pt.debitAccountId());
            AccountState credit = accounts.get(pt.creditAccountId());
            long postedDebits;
            long postedCredits;
            try {
                postedDebits = post ? Math.addExact(debit.debitsPosted, t.amount()) : debit.debitsPosted;
            } catch (ArithmeticException overflow) {
                return OVERFLOWS_DEBITS;
            }
            try {
                postedCredits = post ? Math.addExact(credit.creditsPosted, t.amount()) : credit.creditsPosted;
            } catch (ArithmeticException overflow) {
                return OVERFLOWS_CREDITS;
            }
            undo.save(debit);
            undo.save(credit);
            undo.save(p);
            debit.debitsPending -= pt.amount();
            credit.creditsPending -= pt.amount();
            debit.debitsPosted = postedDebits;
            credit.creditsPosted = postedCredits;
            touch(debit);
            touch(credit);
            p.pendingState = post ? PendingState.POSTED : PendingState.VOIDED;
            p.stateChanged = true;
            changedPending.put(p, Boolean.TRUE);
            // Record the post or void with the pending transfer's accounts so that an account's history shows it.
            Transfer resolved = new Transfer(
                    t.id(),
                    pt.debitAccountId(),
                    pt.creditAccountId(),
                    t.amount(),
                    t.pendingId(),
                    pt.ledger(),
                    pt.code(),
                    t.flags(),
                    0,
                    t.userData128(),
                    t.userData64(),
                    t.userData32());
            chainRows.put(t.id(), new TransferRow(resolved, OK, now, null, null, true));
            return OK;
        }

        private void touch(AccountState account) {
            account.dirty = true;
            changedAccounts.put(account, Boolean.TRUE);
        }

        /** What a chain changed, so that a failed link can put it all back. */
        private final class Undo {
            private final Map<AccountState, long[]> balances = new IdentityHashMap<>();
            private final Map<TransferRow, PendingState> pendingStates = new IdentityHashMap<>();
            private final Map<AccountState, Boolean> wasChanged = new IdentityHashMap<>();
            private final Map<TransferRow, Boolean> wasPendingChanged = new IdentityHashMap<>();

            void save(AccountState account) {
                if (!balances.containsKey(account)) {
                    balances.put(account, new long[] {
                        account.debitsPending, account.debitsPosted, account.creditsPending, account.creditsPosted
                    });
                    wasChanged.put(account, changedAccounts.containsKey(account));
                }
            }

            void save(TransferRow row) {
                if (!pendingStates.containsKey(row)) {
                    pendingStates.put(row, row.pendingState);
                    wasPendingChanged.put(row, changedPending.containsKey(row));
                }
            }

            void rollback() {
                balances.forEach((account, saved) -> {
                    account.debitsPending = saved[0];
                    account.debitsPosted = saved[1];
                    account.creditsPending = saved[2];
                    account.creditsPosted = saved[3];
                    if (!wasChanged.get(account)) {
                        changedAccounts.remove(account);
                    }
                });
                pendingStates.forEach((row, saved) -> {
                    row.pendingState = saved;
                    if (!wasPendingChanged.get(row)) {
                        changedPending.remove(row);
                        row.stateChanged = false;
                    }
                });
            }
        }
    }
}
