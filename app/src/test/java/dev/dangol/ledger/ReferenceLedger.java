package dev.dangol.ledger;

import static dev.dangol.ledger.TransferResult.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A deliberately plain model of the ledger's rules, written from the contract and sharing no code with the engine:
 * maps of balances, transfers applied one at a time, and a chain undone by putting back a copy of everything taken
 * before it. It is slow and simple on purpose, so that the engine can be checked against it.
 */
final class ReferenceLedger {

    private static final int MAX_ID = 160;

    /** An account's fields and when it was created. */
    record Opened(Account account, Instant createdAt) {}

    /** A transfer as first decided. The state of a pending transfer lives in {@link #pendingStates}. */
    record Decided(Transfer transfer, TransferResult result, Instant createdAt, Instant expiresAt) {}

    private final Map<String, Opened> accounts = new LinkedHashMap<>();
    /** Per account: debits pending, debits posted, credits pending, credits posted. */
    private Map<String, long[]> balances = new HashMap<>();

    private final Map<String, Decided> transfers = new LinkedHashMap<>();
    /** Where each successful pending transfer stands. */
    private Map<String, PendingState> pendingStates = new HashMap<>();

    private int expiries;

    // ---------------------------------------------------------------------------------------------------------------
    // Reading the model
    // ---------------------------------------------------------------------------------------------------------------

    Map<String, AccountBalance> accounts() {
        Map<String, AccountBalance> all = new LinkedHashMap<>();
        accounts.forEach((id, opened) -> all.put(id, balanceOf(id)));
        return all;
    }

    AccountBalance balanceOf(String id) {
        Opened opened = accounts.get(id);
        if (opened == null) {
            return null;
        }
        Account a = opened.account();
        long[] b = balances.get(id);
        return new AccountBalance(
                a.id(),
                a.ledger(),
                a.code(),
                a.flags(),
                a.userData128(),
                a.userData64(),
                a.userData32(),
                b[0],
                b[1],
                b[2],
                b[3],
                opened.createdAt());
    }

    Map<String, TransferRecord> transfers() {
        Map<String, TransferRecord> all = new LinkedHashMap<>();
        transfers.forEach((id, decided) -> all.put(
                id,
                new TransferRecord(
                        decided.transfer(),
                        decided.result(),
                        decided.createdAt(),
                        pendingStates.get(id),
                        decided.expiresAt())));
        return all;
    }

    /** The pending transfer with this id, if one succeeded. */
    Transfer pendingTransfer(String id) {
        Decided decided = transfers.get(id);
        return decided != null && decided.result() == OK && decided.transfer().has(TransferFlag.PENDING)
                ? decided.transfer()
                : null;
    }

    Integer ledgerOf(String accountId) {
        Opened opened = accounts.get(accountId);
        return opened == null ? null : opened.account().ledger();
    }

    /** Pending transfers still pending whose timeout has passed by {@code now}, oldest expiry first. */
    List<String> due(Instant now) {
        List<String> due = new ArrayList<>();
        pendingStates.forEach((id, state) -> {
            Instant expiresAt = transfers.get(id).expiresAt();
            if (state == PendingState.PENDING && expiresAt != null && !expiresAt.isAfter(now)) {
                due.add(id);
            }
        });
        due.sort(Comparator.comparing(id -> transfers.get(id).expiresAt()));
        return due;
    }

    /** Successful pending transfers not yet posted, voided or expired. */
    List<String> livePendingIds() {
        List<String> live = new ArrayList<>();
        pendingStates.forEach((id, state) -> {
            if (state == PendingState.PENDING) {
                live.add(id);
            }
        });
        live.sort(Comparator.naturalOrder());
        return live;
    }

    Instant expiresAt(String id) {
        return transfers.get(id).expiresAt();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Changing the model
    // ---------------------------------------------------------------------------------------------------------------

    /** Voids these pending transfers for their timeout. */
    void expire(List<String> ids) {
        for (String id : ids) {
            expireOne(id);
        }
    }

    /** Pending transfers voided for their timeout so far, by sweeps or when a submission named them. */
    int expiries() {
        return expiries;
    }

    private void expireOne(String id) {
        expiries++;
        Transfer t = transfers.get(id).transfer();
        balances.get(t.debitAccountId())[0] -= t.amount();
        balances.get(t.creditAccountId())[2] -= t.amount();
        pendingStates.put(id, PendingState.EXPIRED);
    }

    LedgerResults submit(List<Account> newAccounts, List<Transfer> list, Instant now) {
        // Any pending transfer the submission names that has timed out is voided first, whatever becomes of the rest.
        for (Transfer t : list) {
            String pendingId = t.pendingId();
            if (pendingId != null && !pendingId.isBlank() && pendingId.length() <= MAX_ID) {
                Decided p = transfers.get(pendingId);
                if (p != null
                        && pendingStates.get(pendingId) == PendingState.PENDING
                        && p.expiresAt() != null
                        && !p.expiresAt().isAfter(now)) {
                    expireOne(pendingId);
                }
            }
        }
        List<AccountResult> accountResults = new ArrayList<>();
        for (Account account : newAccounts) {
            accountResults.add(open(account, now));
        }
        TransferResult[] results = new TransferResult[list.size()];
        int start = 0;
        while (start < list.size()) {
            int end = start;
            while (end + 1 < list.size() && list.get(end).has(TransferFlag.LINKED)) {
                end++;
            }
            chain(list, start, end, results, now);
            start = end + 1;
        }
        return new LedgerResults(accountResults, List.of(results));
    }

    private AccountResult open(Account a, Instant now) {
        if (a.id() == null || a.id().isBlank()) {
            return AccountResult.ID_MUST_NOT_BE_BLANK;
        }
        if (a.id().length() > MAX_ID
                || (a.userData128() != null && a.userData128().length() > MAX_ID)) {
            return AccountResult.ID_TOO_LONG;
        }
        if (a.flags().size() == AccountFlag.values().length) {
            return AccountResult.FLAGS_ARE_MUTUALLY_EXCLUSIVE;
        }
        if (a.ledger() == 0) {
            return AccountResult.LEDGER_MUST_NOT_BE_ZERO;
        }
        if (a.code() == 0) {
            return AccountResult.CODE_MUST_NOT_BE_ZERO;
        }
        Opened existing = accounts.get(a.id());
        if (existing != null) {
            return existing.account().equals(a) ? AccountResult.EXISTS : AccountResult.EXISTS_WITH_DIFFERENT_FIELDS;
        }
        accounts.put(a.id(), new Opened(a, now));
        balances.put(a.id(), new long[4]);
        return AccountResult.OK;
    }

    private void chain(List<Transfer> list, int start, int end, TransferResult[] results, Instant now) {
        Map<String, long[]> savedBalances = new HashMap<>();
        balances.forEach((id, b) -> savedBalances.put(id, b.clone()));
        Map<String, PendingState> savedStates = new HashMap<>(pendingStates);

        Map<String, Decided> decidedInChain = new LinkedHashMap<>();
        boolean[] repeatsEarlierSubmission = new boolean[end - start + 1];
        int failed = -1;
        for (int i = start; i <= end; i++) {
            Transfer t = list.get(i);
            TransferResult result;
            if (i == end && t.has(TransferFlag.LINKED)) {
                result = LINKED_EVENT_CHAIN_OPEN;
            } else if (t.id() != null && decidedInChain.containsKey(t.id())) {
                Decided earlier = decidedInChain.get(t.id());
                result = sameRequest(earlier.transfer(), t) ? earlier.result() : EXISTS_WITH_DIFFERENT_FIELDS;
            } else if (t.id() != null && transfers.containsKey(t.id())) {
                repeatsEarlierSubmission[i - start] = true;
                Decided earlier = transfers.get(t.id());
                result = sameRequest(earlier.transfer(), t) ? earlier.result() : EXISTS_WITH_DIFFERENT_FIELDS;
            } else {
                result = decide(t, decidedInChain, now);
            }
            results[i] = result;
            if (result != OK) {
                failed = i;
                break;
            }
        }
        if (failed < 0) {
            transfers.putAll(decidedInChain);
            return;
        }
        balances = savedBalances;
        pendingStates = savedStates;
        for (int i = start; i <= end; i++) {
            if (repeatsEarlierSubmission[i - start]) {
                continue;
            }
            Transfer t = list.get(i);
            Decided earlier = t.id() == null ? null : transfers.get(t.id());
            if (earlier != null) {
                // Its id already has an outcome (from before, or from an earlier link of this very chain): keep it.
                if (i != failed) {
                    results[i] = sameRequest(earlier.transfer(), t) ? earlier.result() : EXISTS_WITH_DIFFERENT_FIELDS;
                }
                continue;
            }
            if (i != failed) {
                results[i] = LINKED_EVENT_FAILED;
            }
            if (fits(t.id())
                    && shortEnough(t.debitAccountId())
                    && shortEnough(t.creditAccountId())
                    && shortEnough(t.pendingId())
                    && shortEnough(t.userData128())) {
                transfers.put(t.id(), new Decided(t, results[i], now, null));
            }
        }
    }

    private TransferResult decide(Transfer t, Map<String, Decided> decidedInChain, Instant now) {
        if (t.id() == null || t.id().isBlank()) {
            return ID_MUST_NOT_BE_BLANK;
        }
        if (t.id().length() > MAX_ID || !shortEnough(t.userData128())) {
            return ID_TOO_LONG;
        }
        boolean pending = t.has(TransferFlag.PENDING);
        boolean post = t.has(TransferFlag.POST_PENDING);
        boolean voiding = t.has(TransferFlag.VOID_PENDING);
        if ((pending && post) || (pending && voiding) || (post && voiding)) {
            return FLAGS_ARE_MUTUALLY_EXCLUSIVE;
        }
        if (t.timeoutSeconds() < 0) {
            return TIMEOUT_MUST_NOT_BE_NEGATIVE;
        }
        if (t.timeoutSeconds() > 0 && !pending) {
            return TIMEOUT_RESERVED_FOR_PENDING_TRANSFER;
        }
        if (t.amount() < 0) {
            return AMOUNT_MUST_NOT_BE_NEGATIVE;
        }
        if (post || voiding) {
            return resolve(t, post, decidedInChain, now);
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
        Opened debit = accounts.get(t.debitAccountId());
        if (debit == null) {
            return DEBIT_ACCOUNT_NOT_FOUND;
        }
        Opened credit = accounts.get(t.creditAccountId());
        if (credit == null) {
            return CREDIT_ACCOUNT_NOT_FOUND;
        }
        if (debit.account().ledger() != credit.account().ledger()) {
            return ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER;
        }
        if (t.ledger() != debit.account().ledger()) {
            return TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS;
        }
        long[] d = balances.get(t.debitAccountId());
        long[] c = balances.get(t.creditAccountId());
        // Sums past Long.MAX_VALUE are caught with BigInteger-free arithmetic: compare against the room left.
        if (d[0] > Long.MAX_VALUE - d[1] || d[0] + d[1] > Long.MAX_VALUE - t.amount()) {
            return OVERFLOWS_DEBITS;
        }
        if (c[2] > Long.MAX_VALUE - c[3] || c[2] + c[3] > Long.MAX_VALUE - t.amount()) {
            return OVERFLOWS_CREDITS;
        }
        if (debit.account().flags().contains(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS)
                && d[0] + d[1] + t.amount() > d[3]) {
            return EXCEEDS_CREDITS;
        }
        if (credit.account().flags().contains(AccountFlag.CREDITS_MUST_NOT_EXCEED_DEBITS)
                && c[2] + c[3] + t.amount() > c[1]) {
            return EXCEEDS_DEBITS;
        }
        if (pending) {
            d[0] += t.amount();
            c[2] += t.amount();
            pendingStates.put(t.id(), PendingState.PENDING);
        } else {
            d[1] += t.amount();
            c[3] += t.amount();
        }
        Instant expiresAt = pending && t.timeoutSeconds() > 0 ? now.plusSeconds(t.timeoutSeconds()) : null;
        decidedInChain.put(t.id(), new Decided(t, OK, now, expiresAt));
        return OK;
    }

    private TransferResult resolve(Transfer t, boolean post, Map<String, Decided> decidedInChain, Instant now) {
        if (t.pendingId() == null || t.pendingId().isBlank()) {
            return PENDING_ID_MUST_NOT_BE_BLANK;
        }
        if (t.pendingId().equals(t.id())) {
            return PENDING_ID_MUST_BE_DIFFERENT;
        }
        Decided p = decidedInChain.containsKey(t.pendingId())
                ? decidedInChain.get(t.pendingId())
                : transfers.get(t.pendingId());
        if (p == null || p.result() != OK) {
            return PENDING_TRANSFER_NOT_FOUND;
        }
        Transfer pt = p.transfer();
        if (!pt.has(TransferFlag.PENDING)) {
            return PENDING_TRANSFER_NOT_PENDING;
        }
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
        PendingState state = pendingStates.get(t.pendingId());
        if (state == PendingState.POSTED) {
            return PENDING_TRANSFER_ALREADY_POSTED;
        }
        if (state == PendingState.VOIDED) {
            return PENDING_TRANSFER_ALREADY_VOIDED;
        }
        if (state == PendingState.EXPIRED
                || (p.expiresAt() != null && !p.expiresAt().isAfter(now))) {
            return PENDING_TRANSFER_EXPIRED;
        }
        if (post && t.amount() == 0) {
            return AMOUNT_MUST_NOT_BE_ZERO;
        }
        if (post && t.amount() > pt.amount()) {
            return EXCEEDS_PENDING_TRANSFER_AMOUNT;
        }
        if (!post && t.amount() != 0 && t.amount() != pt.amount()) {
            return PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT;
        }
        long[] d = balances.get(pt.debitAccountId());
        long[] c = balances.get(pt.creditAccountId());
        long posted = post ? t.amount() : 0;
        if (d[1] > Long.MAX_VALUE - posted) {
            return OVERFLOWS_DEBITS;
        }
        if (c[3] > Long.MAX_VALUE - posted) {
            return OVERFLOWS_CREDITS;
        }
        d[0] -= pt.amount();
        c[2] -= pt.amount();
        d[1] += posted;
        c[3] += posted;
        pendingStates.put(t.pendingId(), post ? PendingState.POSTED : PendingState.VOIDED);
        Transfer recorded = new Transfer(
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
        decidedInChain.put(t.id(), new Decided(recorded, OK, now, null));
        return OK;
    }

    /** A post or void may leave accounts, ledger and code blank; blank then matches what was recorded. */
    private static boolean sameRequest(Transfer first, Transfer again) {
        boolean blankMayMatch = again.has(TransferFlag.POST_PENDING) || again.has(TransferFlag.VOID_PENDING);
        return (Objects.equals(first.debitAccountId(), again.debitAccountId())
                        || (blankMayMatch && again.debitAccountId() == null))
                && (Objects.equals(first.creditAccountId(), again.creditAccountId())
                        || (blankMayMatch && again.creditAccountId() == null))
                && (first.ledger() == again.ledger() || (blankMayMatch && again.ledger() == 0))
                && (first.code() == again.code() || (blankMayMatch && again.code() == 0))
                && first.amount() == again.amount()
                && Objects.equals(first.pendingId(), again.pendingId())
                && first.flags().equals(again.flags())
                && first.timeoutSeconds() == again.timeoutSeconds()
                && Objects.equals(first.userData128(), again.userData128())
                && first.userData64() == again.userData64()
                && first.userData32() == again.userData32();
    }

    private static boolean fits(String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_ID;
    }

    private static boolean shortEnough(String value) {
        return value == null || value.length() <= MAX_ID;
    }
}
