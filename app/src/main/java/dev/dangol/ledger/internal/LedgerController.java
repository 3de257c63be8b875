package dev.dangol.ledger.internal;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountFlag;
import dev.dangol.ledger.AccountResult;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferFlag;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.SignedInOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger over JSON, for operators and reconciliation: create accounts and transfers as TigerBeetle's clients do,
 * look them up, and audit the books. Each transfer's id is its idempotency key.
 *
 * <p>Every endpoint takes a {@link SignedInOperator}: this is the raw ledger, where a transfer moves money around every
 * rule the other modules keep, and where every account's balance can be read.
 */
@RestController
@RequestMapping("/api/v1/ledger")
class LedgerController {

    private static final int HISTORY_MAX = 1_000;

    private final Ledger ledger;

    LedgerController(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Creates accounts; each gets its own result (OK, EXISTS, or why not). */
    @PostMapping("/accounts")
    List<AccountOutcome> createAccounts(SignedInOperator operator, @RequestBody List<AccountJson> accounts) {
        requireSize(accounts, "accounts");
        List<Account> list = new ArrayList<>();
        for (AccountJson a : accounts) {
            list.add(new Account(
                    a.id(),
                    zero(a.ledger()),
                    zero(a.code()),
                    a.flags() == null ? Set.of() : a.flags(),
                    a.userData128(),
                    zero(a.userData64()),
                    zero(a.userData32())));
        }
        List<AccountResult> results = ledger.createAccounts(list);
        List<AccountOutcome> out = new ArrayList<>();
        long refused = 0;
        for (int i = 0; i < list.size(); i++) {
            out.add(new AccountOutcome(i, list.get(i).id(), results.get(i)));
            refused += results.get(i).isSuccess() ? 0 : 1;
        }
        if (refused > 0) {
            throw Rejection.refused(
                    "ACCOUNTS_REFUSED",
                    refused + " of " + list.size() + " accounts were refused; 'results' gives each one's reason. The"
                            + " others were created.",
                    Map.of("results", out));
        }
        return out;
    }

    /**
     * Creates transfers in order; consecutive ones flagged LINKED succeed or fail together. Each gets its own result;
     * the same id sent again gets its first result back. 200 when every transfer succeeded; otherwise 422 with
     * every result in the problem's {@code results}.
     */
    @PostMapping("/transfers")
    List<TransferOutcome> createTransfers(SignedInOperator operator, @RequestBody List<TransferJson> transfers) {
        requireSize(transfers, "transfers");
        List<Transfer> list = new ArrayList<>();
        for (TransferJson t : transfers) {
            list.add(t.toTransfer());
        }
        LedgerResults results = ledger.submit(List.of(), list);
        List<TransferOutcome> out = new ArrayList<>();
        long refused = 0;
        for (int i = 0; i < list.size(); i++) {
            TransferResult result = results.transfers().get(i);
            out.add(new TransferOutcome(
                    i, list.get(i).id(), result, results.replayed().get(i)));
            refused += result.isSuccess() ? 0 : 1;
        }
        if (refused > 0) {
            // As in TigerBeetle, transfers are independent unless linked: those not linked to a refused one were
            // applied, and the results say which.
            throw Rejection.refused(
                    "TRANSFERS_REFUSED",
                    refused + " of " + list.size() + " transfers were refused; 'results' gives each one's reason."
                            + " Transfers not linked to a refused one were applied.",
                    Map.of("results", out));
        }
        return out;
    }

    @GetMapping("/accounts/{id}")
    AccountBalance account(SignedInOperator operator, @PathVariable String id) {
        return ledger.lookupAccount(id)
                .orElseThrow(() -> Rejection.notFound("ACCOUNT_NOT_FOUND", "There is no ledger account " + id + "."));
    }

    @GetMapping("/accounts/{id}/transfers")
    List<TransferRecord> history(
            SignedInOperator operator, @PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
        account(operator, id);
        if (limit < 1 || limit > HISTORY_MAX) {
            throw Rejection.invalid("LIMIT_OUT_OF_RANGE", "Ask for 1 to " + HISTORY_MAX + " transfers.");
        }
        return ledger.transfersOf(id, limit);
    }

    @GetMapping("/transfers/{id}")
    TransferRecord transfer(SignedInOperator operator, @PathVariable String id) {
        return ledger.lookupTransfer(id)
                .orElseThrow(() -> Rejection.notFound("TRANSFER_NOT_FOUND", "There is no transfer " + id + "."));
    }

    /** Sums every ledger (each must be zero) and lists accounts that break their own balance constraints. */
    @GetMapping("/audit")
    AuditJson audit(SignedInOperator operator) {
        LedgerAudit audit = ledger.audit();
        return new AuditJson(audit.balanced(), audit.netByLedger(), audit.violations(), audit.accounts());
    }

    private static void requireSize(List<?> list, String what) {
        if (list == null || list.isEmpty()) {
            throw Rejection.invalid("EMPTY_BATCH", "Send a JSON array of at least one of the " + what + ".");
        }
        if (list.size() > Ledger.MAX_TRANSFERS_PER_SUBMISSION) {
            throw Rejection.invalid(
                    "BATCH_TOO_LARGE",
                    "Send at most " + Ledger.MAX_TRANSFERS_PER_SUBMISSION + " " + what + " at once.");
        }
    }

    /** An account to create; absent numbers are 0. */
    record AccountJson(
            String id,
            Integer ledger,
            Integer code,
            Set<AccountFlag> flags,
            String userData128,
            Long userData64,
            Integer userData32) {}

    record AccountOutcome(int index, String id, AccountResult result) {}

    /** A transfer; absent numbers are 0. */
    record TransferJson(
            String id,
            String debitAccountId,
            String creditAccountId,
            Long amount,
            String pendingId,
            Integer ledger,
            Integer code,
            Set<TransferFlag> flags,
            Long timeoutSeconds,
            String userData128,
            Long userData64,
            Integer userData32) {
        Transfer toTransfer() {
            return new Transfer(
                    id,
                    debitAccountId,
                    creditAccountId,
                    zero(amount),
                    pendingId,
                    zero(ledger),
                    zero(code),
                    flags == null ? Set.of() : flags,
                    zero(timeoutSeconds),
                    userData128,
                    zero(userData64),
                    zero(userData32));
        }
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long zero(Long value) {
        return value == null ? 0 : value;
    }

    /** @param replayed the id was decided before: this is its first outcome, given back */
    record TransferOutcome(int index, String id, TransferResult result, boolean replayed) {}

    record AuditJson(boolean balanced, Map<Integer, Long> netByLedger, List<String> violations, long accounts) {}
}
