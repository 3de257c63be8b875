package dev.dangol.program.internal;

import static dev.dangol.program.VoucherLedger.*;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountResult;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.Transfer;
import dev.dangol.program.Program;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundBudget;
import dev.dangol.program.RoundPhase;
import dev.dangol.program.RoundStatus;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps programs and rounds, and sets up their accounts and budgets in the ledger. */
public final class ProgramCatalog implements Programs {

    private final ProgramRepository repository;
    private final Ledger ledger;
    private final Clock clock;

    ProgramCatalog(ProgramRepository repository, Ledger ledger, Clock clock) {
        this.repository = repository;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** A catalogue held in memory, for tests and simulations. */
    public static Programs inMemory(Ledger ledger, Clock clock) {
        return new ProgramCatalog(new InMemoryProgramRepository(), ledger, clock);
    }

    @Override
    public Program define(Program program) {
        // Accounts first: they are idempotent, so a crash between the two steps heals on the next attempt.
        requireCreated(ledger.createAccounts(programAccounts(program.id())), "program " + program.id());
        Program stored = repository.insertIfAbsent(program);
        if (!stored.equals(program)) {
            throw Rejection.conflict(
                    "PROGRAM_EXISTS", "A program with id " + program.id() + " already exists with other rules.");
        }
        return stored;
    }

    @Override
    public Optional<Program> program(ProgramId id) {
        return repository.program(id);
    }

    @Override
    public List<Program> programs() {
        return repository.programs();
    }

    @Override
    public Round schedule(Round round) {
        Program program = repository
                .program(round.programId())
                .orElseThrow(() -> Rejection.notFound(
                        "PROGRAM_NOT_FOUND", "There is no program " + round.programId() + " to schedule a round in."));
        if (!round.budget().isMultipleOf(program.purchaseUnit())) {
            throw Rejection.invalid(
                    "BUDGET_NOT_IN_UNITS",
                    "A round's budget must be a multiple of the purchase unit " + program.purchaseUnit() + ".");
        }
        if (!round.perPersonCap().isMultipleOf(program.purchaseUnit())) {
            throw Rejection.invalid(
                    "CAP_NOT_IN_UNITS",
                    "The per-person cap must be a multiple of the purchase unit " + program.purchaseUnit() + ".");
        }
        Optional<Round> existing = repository.round(round.id());
        if (existing.isPresent()) {
            if (!existing.get().equals(round)) {
                throw Rejection.conflict("ROUND_EXISTS", "A round with id " + round.id() + " already exists.");
            }
            return existing.get();
        }
        LedgerResults results = ledger.submit(
                roundAccounts(round.id()),
                List.of(Transfer.single(
                        "issue:" + round.id(),
                        budgetIssue(round.id()),
                        VoucherLedger.budget(round.id()),
                        round.budget().krw(),
                        ROUND_BUDGET,
                        TRANSFER_ISSUE)));
        requireCreated(results.accounts(), "round " + round.id());
        if (!results.allTransfersSucceeded()) {
            throw new IllegalStateException(
                    "issuing the budget of round " + round.id() + " failed: " + results.firstFailure());
        }
        return repository.insertIfAbsent(round);
    }

    @Override
    public Optional<Round> round(RoundId id) {
        return repository.round(id);
    }

    @Override
    public List<Round> rounds(ProgramId program) {
        return repository.rounds(program);
    }

    @Override
    public Round setStatus(RoundId id, RoundStatus status) {
        Round round = repository
                .round(id)
                .orElseThrow(() -> Rejection.notFound("ROUND_NOT_FOUND", "There is no round " + id + "."));
        if (round.status() == RoundStatus.CLOSED && status != RoundStatus.CLOSED) {
            throw Rejection.refused("ROUND_CLOSED", "Round " + id + " is closed for good and cannot be reopened.");
        }
        repository.updateStatus(id, status);
        return round.withStatus(status);
    }

    @Override
    public RoundBudget budget(RoundId id) {
        Round round = repository
                .round(id)
                .orElseThrow(() -> Rejection.notFound("ROUND_NOT_FOUND", "There is no round " + id + "."));
        Map<String, AccountBalance> accounts = ledger.lookupAccounts(List.of(VoucherLedger.budget(id), budgetSold(id)));
        AccountBalance budget = accounts.get(VoucherLedger.budget(id));
        AccountBalance sold = accounts.get(budgetSold(id));
        long remaining = budget == null ? 0 : budget.available();
        long held = budget == null ? 0 : budget.debitsPending();
        long soldPosted = sold == null ? 0 : sold.creditsPosted() - sold.debitsPosted();
        return new RoundBudget(round.budget(), Money.krw(remaining), Money.krw(held), Money.krw(soldPosted));
    }

    @Override
    public RoundPhase phase(Round round) {
        Program program = repository.program(round.programId()).orElseThrow();
        return round.phaseAt(clock.instant(), budget(round.id()).remaining(), program.purchaseUnit());
    }

    private static void requireCreated(List<AccountResult> results, String what) {
        List<AccountResult> failed = new ArrayList<>();
        for (AccountResult result : results) {
            if (!result.isSuccess()) {
                failed.add(result);
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("setting up the ledger accounts of " + what + " failed: " + failed);
        }
    }
}
