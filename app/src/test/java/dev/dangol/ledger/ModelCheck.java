package dev.dangol.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.testing.MutableClock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One seeded run of random operations against a ledger and the {@link ReferenceLedger} side by side: accounts with
 * random flags on two ledgers, single and pending transfers, posts and voids in full, for less and for more, linked
 * chains (some left open), retried and reused ids, malformed transfers, the clock moving on and expiry sweeps. After
 * every step the outcomes must be the same; every so often, and at the end, every account's balances and every
 * transfer's record too.
 */
final class ModelCheck {

    private static final int[] LEDGERS = {1, 2};

    private final SplittableRandom random;
    private final Ledger ledger;
    private final MutableClock clock;
    private final ReferenceLedger model = new ReferenceLedger();

    private final List<String> accountIds = new ArrayList<>();
    private final List<Account> accountsTried = new ArrayList<>();
    private final List<Transfer> transfersTried = new ArrayList<>();
    private final List<List<Transfer>> chainsTried = new ArrayList<>();
    private final List<String> pendingIds = new ArrayList<>();
    private final Set<String> idsTried = new LinkedHashSet<>();
    private final List<String> log = new ArrayList<>();
    private int nextId;
    private int step;

    /** How many times the run met each outcome, so that a test can show that it reached the interesting ones. */
    final Map<TransferResult, Integer> seen = new EnumMap<>(TransferResult.class);

    /** Pending transfers voided for their timeout, by sweeps or when a submission named them. */
    int expiries() {
        return model.expiries();
    }

    ModelCheck(long seed, Ledger ledger, MutableClock clock) {
        this.random = new SplittableRandom(seed);
        this.ledger = ledger;
        this.clock = clock;
    }

    void run(int steps) {
        submit(newAccounts(8), List.of());
        for (step = 1; step <= steps; step++) {
            int dice = random.nextInt(100);
            if (dice < 8) {
                clock.advanceSeconds(1 + random.nextInt(12));
                log("clock +" + clock.instant());
            } else if (dice < 14) {
                sweep();
            } else if (dice < 19) {
                submit(newAccounts(1 + random.nextInt(2)), randomTransfers());
            } else {
                submit(List.of(), randomTransfers());
            }
            if (step % 25 == 0) {
                compareAccounts();
                assertAudited();
            }
        }
        compareAccounts();
        compareTransfers();
        assertAudited();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Checks
    // ---------------------------------------------------------------------------------------------------------------

    private void submit(List<Account> accounts, List<Transfer> transfers) {
        log("submit " + accounts.stream().map(ModelCheck::describe).toList() + " "
                + transfers.stream().map(ModelCheck::describe).toList());
        LedgerResults expected = model.submit(accounts, transfers, clock.instant());
        LedgerResults actual = ledger.submit(accounts, transfers);
        assertThat(actual.accounts()).as(this::context).isEqualTo(expected.accounts());
        assertThat(actual.transfers()).as(this::context).isEqualTo(expected.transfers());
        assertThat(actual.timestamp()).as(this::context).isEqualTo(clock.instant());
        accountsTried.addAll(accounts);
        for (Transfer transfer : transfers) {
            if (transfer.id() != null) {
                idsTried.add(transfer.id());
            }
        }
        for (TransferResult result : actual.transfers()) {
            seen.merge(result, 1, Integer::sum);
        }
    }

    private void sweep() {
        int limit = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1_000;
        List<String> due = model.due(clock.instant());
        log("sweep " + limit + " of " + due);
        int expired = ledger.expirePendingTransfers(limit);
        if (due.size() <= limit) {
            assertThat(expired).as(this::context).isEqualTo(due.size());
            model.expire(due);
            return;
        }
        // Pending transfers that lapse at the same instant may go in any order: ask which ones the ledger took, and
        // check that they were as many as the limit and none younger than one it left.
        assertThat(expired).as(this::context).isEqualTo(limit);
        Map<String, TransferRecord> records = ledger.lookupTransfers(due);
        List<String> taken = due.stream()
                .filter(id -> records.get(id).pendingState() == PendingState.EXPIRED)
                .toList();
        assertThat(taken).as(this::context).hasSize(limit);
        for (String left : due) {
            if (!taken.contains(left)) {
                for (String id : taken) {
                    assertThat(model.expiresAt(id)).as(this::context).isBeforeOrEqualTo(model.expiresAt(left));
                }
            }
        }
        model.expire(taken);
    }

    private void compareAccounts() {
        Set<String> ids = new HashSet<>(accountIds);
        for (Account account : accountsTried) {
            if (account.id() != null) {
                ids.add(account.id());
            }
        }
        assertThat(ledger.lookupAccounts(ids)).as(this::context).isEqualTo(model.accounts());
    }

    private void compareTransfers() {
        Map<String, TransferRecord> expected = model.transfers();
        assertThat(ledger.lookupTransfers(idsTried)).as(this::context).isEqualTo(expected);
    }

    private void assertAudited() {
        LedgerAudit audit = ledger.audit();
        assertThat(audit.violations()).as(this::context).isEmpty();
        assertThat(audit.netByLedger().values()).as(this::context).allMatch(net -> net == 0L);
        assertThat(audit.accounts())
                .as(this::context)
                .isEqualTo(model.accounts().size());
    }

    private void log(String line) {
        log.add("#" + step + " " + line);
        if (log.size() > 8) {
            log.removeFirst();
        }
    }

    private String context() {
        return "at step " + step + ", after:\n  " + String.join("\n  ", log) + "\n";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Accounts
    // ---------------------------------------------------------------------------------------------------------------

    private List<Account> newAccounts(int count) {
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int dice = random.nextInt(100);
            if (dice < 8 && !accountsTried.isEmpty()) {
                // The same account again: as it was, or with a field changed.
                Account again = pick(accountsTried);
                accounts.add(
                        random.nextBoolean()
                                ? again
                                : new Account(
                                        again.id(),
                                        again.ledger(),
                                        again.code() + 1,
                                        again.flags(),
                                        again.userData128(),
                                        again.userData64(),
                                        again.userData32()));
                continue;
            }
            String id = dice < 11 ? pick(List.of("", " ", "x".repeat(161))) : "acc-" + accountIds.size();
            if (!id.isBlank() && id.length() <= 160) {
                accountIds.add(id);
            }
            int ledgerNumber = random.nextInt(40) == 0 ? 0 : LEDGERS[random.nextInt(LEDGERS.length)];
            int code = random.nextInt(40) == 0 ? 0 : 1 + random.nextInt(2);
            int flagDice = random.nextInt(100);
            Set<AccountFlag> flags = flagDice < 50
                    ? Set.of()
                    : flagDice < 85
                            ? Set.of(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS)
                            : flagDice < 97
                                    ? Set.of(AccountFlag.CREDITS_MUST_NOT_EXCEED_DEBITS)
                                    : EnumSet.allOf(AccountFlag.class);
            String owner = random.nextInt(3) == 0 ? null : "owner-" + random.nextInt(3);
            accounts.add(new Account(id, ledgerNumber, code, flags, owner, random.nextInt(5), random.nextInt(5)));
        }
        return accounts;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Transfers
    // ---------------------------------------------------------------------------------------------------------------

    /** One submission: one to three units, each a single transfer, a chain, or something sent before. */
    private List<Transfer> randomTransfers() {
        List<Transfer> submission = new ArrayList<>();
        int units = 1 + random.nextInt(3);
        for (int u = 0; u < units; u++) {
            int dice = random.nextInt(100);
            if (dice < 6 && !chainsTried.isEmpty()) {
                submission.addAll(pick(chainsTried));
            } else if (dice < 18 && !transfersTried.isEmpty()) {
                // A linked one links up with whatever follows it, or leaves the submission's last chain open.
                Transfer again = again(pick(transfersTried));
                submission.add(random.nextBoolean() ? again : again.unlinked());
            } else if (dice < 45) {
                List<Transfer> chain = new ArrayList<>();
                int length = 2 + random.nextInt(3);
                for (int i = 0; i < length; i++) {
                    int linkDice = random.nextInt(24);
                    Transfer link = linkDice < 2 && !transfersTried.isEmpty()
                            ? again(pick(transfersTried))
                            : linkDice < 3 && !chain.isEmpty() ? again(pick(chain)) : fresh(2);
                    chain.add(link);
                    transfersTried.add(link);
                    if (link.has(TransferFlag.PENDING) && random.nextInt(4) == 0) {
                        // Resolve the chain's own reservation in the same chain.
                        Transfer resolve = random.nextBoolean()
                                ? resolving(
                                        TransferFlag.POST_PENDING,
                                        link.id(),
                                        link,
                                        1 + random.nextLong(Math.max(1, link.amount())))
                                : resolving(TransferFlag.VOID_PENDING, link.id(), link, 0);
                        chain.add(resolve);
                        transfersTried.add(resolve);
                    }
                }
                chain = Chains.link(chain);
                if (random.nextInt(15) == 0) {
                    chain.set(chain.size() - 1, chain.getLast().linked());
                }
                chainsTried.add(chain);
                submission.addAll(chain);
            } else {
                submission.add(fresh(5));
                transfersTried.add(submission.getLast());
            }
        }
        return submission;
    }

    /** A transfer sent before: as it was, or with its amount or user data changed. */
    private Transfer again(Transfer before) {
        int dice = random.nextInt(10);
        if (dice < 7) {
            return before;
        }
        if (dice < 9) {
            return before.withAmount(before.amount() + 1);
        }
        return before.withUserData(before.userData128(), before.userData64() + 1, before.userData32());
    }

    /** A new transfer, malformed in {@code malformedPercent} cases out of a hundred. */
    private Transfer fresh(int malformedPercent) {
        int dice = random.nextInt(100);
        if (dice < malformedPercent) {
            return malformed();
        }
        if (dice < 40) {
            return single();
        }
        if (dice < 65) {
            return pending();
        }
        if (dice < 85) {
            return post();
        }
        return voiding();
    }

    private Transfer single() {
        String debit = account();
        String credit = creditFor(debit);
        return new Transfer(newId(), debit, credit, amount(), null, ledgerFor(debit), code(), Set.of(), 0, null, 0, 0);
    }

    private Transfer pending() {
        String debit = account();
        String credit = creditFor(debit);
        long timeout = random.nextInt(5) < 2 ? 0 : 1 + random.nextInt(30);
        String id = newId();
        pendingIds.add(id);
        return new Transfer(
                id,
                debit,
                credit,
                amount(),
                null,
                ledgerFor(debit),
                code(),
                Set.of(TransferFlag.PENDING),
                timeout,
                null,
                0,
                0);
    }

    private Transfer post() {
        String pendingId = pendingId();
        Transfer pending = model.pendingTransfer(pendingId);
        long full = pending == null ? 1 + random.nextInt(100) : pending.amount();
        int dice = random.nextInt(100);
        long amount = dice < 45
                ? full
                : dice < 80 ? 1 + random.nextLong(Math.max(1, full)) : dice < 92 ? full + 1 : dice < 97 ? 0 : -1;
        return resolving(TransferFlag.POST_PENDING, pendingId, pending, amount);
    }

    private Transfer voiding() {
        String pendingId = pendingId();
        Transfer pending = model.pendingTransfer(pendingId);
        int dice = random.nextInt(10);
        long amount = dice < 7 ? 0 : dice < 9 && pending != null ? pending.amount() : 1 + random.nextInt(5);
        return resolving(TransferFlag.VOID_PENDING, pendingId, pending, amount);
    }

    /** A post or void that mostly leaves the pending transfer's fields blank, and sometimes names them, right or wrong. */
    private Transfer resolving(TransferFlag flag, String pendingId, Transfer pending, long amount) {
        String debit = null;
        String credit = null;
        int ledgerNumber = 0;
        int code = 0;
        if (random.nextInt(6) == 0) {
            boolean right = pending != null && random.nextInt(3) > 0;
            debit = right ? pending.debitAccountId() : account();
            credit = right ? pending.creditAccountId() : account();
            ledgerNumber = right ? pending.ledger() : LEDGERS[random.nextInt(LEDGERS.length)];
            code = right ? pending.code() : code();
        }
        return new Transfer(newId(), debit, credit, amount, pendingId, ledgerNumber, code, Set.of(flag), 0, null, 0, 0);
    }

    private Transfer malformed() {
        Transfer t = single();
        String debit = t.debitAccountId();
        String credit = t.creditAccountId();
        Set<TransferFlag> none = Set.of();
        return switch (random.nextInt(12)) {
            case 0 -> withId(t, null);
            case 1 -> withId(t, " ");
            case 2 -> withId(t, "t".repeat(161));
            case 3 -> reshaped(t, debit, debit, null, t.ledger(), none, 0);
            case 4 -> reshaped(t, null, credit, null, t.ledger(), none, 0);
            case 5 -> reshaped(t, debit, credit, null, t.ledger(), none, 5);
            case 6 -> reshaped(t, debit, credit, null, t.ledger(), Set.of(TransferFlag.PENDING), -1);
            case 7 -> reshaped(t, debit, credit, pendingId(), t.ledger(), none, 0);
            case 8 ->
                reshaped(
                        t,
                        debit,
                        credit,
                        pendingId(),
                        t.ledger(),
                        Set.of(TransferFlag.POST_PENDING, TransferFlag.VOID_PENDING),
                        0);
            case 9 -> reshaped(t, debit, credit, null, 0, none, 0);
            case 10 -> reshaped(t, null, null, t.id(), 0, Set.of(TransferFlag.POST_PENDING), 0);
            default -> reshaped(t, "x".repeat(161), credit, null, t.ledger(), none, 0);
        };
    }

    private String newId() {
        return "t-" + nextId++;
    }

    private String account() {
        return random.nextInt(30) == 0 ? "ghost-" + random.nextInt(3) : pick(accountIds);
    }

    /** Mostly an account on the debit account's ledger, so that most transfers get as far as the balances. */
    private String creditFor(String debit) {
        Integer ledgerNumber = model.ledgerOf(debit);
        if (ledgerNumber != null && random.nextInt(10) > 0) {
            List<String> same = accountIds.stream()
                    .filter(id -> !id.equals(debit) && ledgerNumber.equals(model.ledgerOf(id)))
                    .toList();
            if (!same.isEmpty()) {
                return pick(same);
            }
        }
        return account();
    }

    private int ledgerFor(String debit) {
        Integer ledgerNumber = model.ledgerOf(debit);
        if (ledgerNumber == null || random.nextInt(40) == 0) {
            return random.nextInt(3);
        }
        return ledgerNumber;
    }

    private int code() {
        return random.nextInt(40) == 0 ? 0 : 1 + random.nextInt(2);
    }

    private long amount() {
        int dice = random.nextInt(200);
        if (dice < 2) {
            return Long.MAX_VALUE - random.nextInt(3);
        }
        if (dice < 5) {
            return 0;
        }
        if (dice < 7) {
            return -1 - random.nextInt(3);
        }
        if (dice < 60) {
            return 51 + random.nextInt(450);
        }
        return 1 + random.nextInt(50);
    }

    private String pendingId() {
        int dice = random.nextInt(20);
        if (dice == 0 || pendingIds.isEmpty()) {
            return "missing-" + random.nextInt(3);
        }
        if (dice == 1 && !transfersTried.isEmpty()) {
            String id = pick(transfersTried).id();
            return id == null ? "missing" : id;
        }
        List<String> live = model.livePendingIds();
        if (dice < 17 && !live.isEmpty()) {
            return pick(live);
        }
        // Mostly a recent one, so that posts and voids meet live reservations.
        int from = Math.max(0, pendingIds.size() - 8);
        return random.nextInt(3) > 0
                ? pendingIds.get(from + random.nextInt(pendingIds.size() - from))
                : pick(pendingIds);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    static String describe(Account a) {
        return shorten(a.id()) + "{L" + a.ledger() + " C" + a.code() + " " + a.flags() + " " + a.userData128() + " "
                + a.userData64() + " " + a.userData32() + "}";
    }

    static String describe(Transfer t) {
        StringBuilder s = new StringBuilder(shorten(t.id())).append('{');
        s.append(shorten(t.debitAccountId())).append('>').append(shorten(t.creditAccountId()));
        s.append(' ').append(t.amount());
        if (t.pendingId() != null) {
            s.append(" of ").append(shorten(t.pendingId()));
        }
        s.append(" L").append(t.ledger()).append(" C").append(t.code());
        for (TransferFlag flag : TransferFlag.values()) {
            if (t.has(flag)) {
                s.append(' ').append(flag.name(), 0, 4);
            }
        }
        if (t.timeoutSeconds() != 0) {
            s.append(" T").append(t.timeoutSeconds());
        }
        if (t.userData64() != 0) {
            s.append(" u").append(t.userData64());
        }
        return s.append('}').toString();
    }

    private static String shorten(String id) {
        return id == null || id.length() <= 20 ? "" + id : id.substring(0, 4) + "..(" + id.length() + ")";
    }

    private static Transfer reshaped(
            Transfer t,
            String debit,
            String credit,
            String pendingId,
            int ledger,
            Set<TransferFlag> flags,
            long timeoutSeconds) {
        return new Transfer(
                t.id(), debit, credit, t.amount(), pendingId, ledger, t.code(), flags, timeoutSeconds, null, 0, 0);
    }

    private static Transfer withId(Transfer t, String id) {
        return new Transfer(
                id,
                t.debitAccountId(),
                t.creditAccountId(),
                t.amount(),
                t.pendingId(),
                t.ledger(),
                t.code(),
                t.flags(),
                t.timeoutSeconds(),
                t.userData128(),
                t.userData64(),
                t.userData32());
    }
}
