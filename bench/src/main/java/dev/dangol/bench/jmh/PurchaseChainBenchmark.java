package dev.dangol.bench.jmh;

import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.Wallets;
import dev.dangol.wallet.internal.LedgerWallets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One purchase through the wallet on the in-memory ledger store: the reserve chain (budget, round cap, monthly quota,
 * holding room, payment clearing, subsidy, a new lot) and the confirm chain that posts it, each handed to the ledger's
 * group-commit writer. Every invocation is a new buyer, so no limit is reached. The database's share of the cost is
 * measured separately by {@code bench/purchase-bench.sh} on H2 and PostgreSQL; this is the engine's own cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PurchaseChainBenchmark {

    private static final ProgramId PROGRAM = ProgramId.of("bench-onnuri");
    private static final RoundId ROUND = RoundId.of("bench-onnuri-r1");

    private final AtomicLong buyers = new AtomicLong();
    private Ledger ledger;
    private Wallets wallets;

    @Setup(Level.Trial)
    public void wallet() {
        Clock clock = Clock.systemUTC();
        ledger = Ledgers.inMemory(clock);
        Programs programs = ProgramCatalogs.inMemory(ledger, clock);
        programs.define(ProgramDefaults.national(PROGRAM, "Onnuri"));
        programs.schedule(new Round(
                ROUND,
                PROGRAM,
                "Benchmark round",
                Money.krw(1_000_000_000_000_000L),
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                Money.krw(2_000_000),
                1_000,
                RoundStatus.ACTIVE));
        wallets = new LedgerWallets(ledger, programs, clock, Duration.ofMinutes(10));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        if (ledger instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Reserve and confirm 50,000 won of vouchers for a new buyer; single caller, so this is also the latency. */
    @Benchmark
    public Purchase purchase() {
        long n = buyers.incrementAndGet();
        PersonId buyer = PersonId.of(String.format(Locale.ROOT, "jmh-buyer-%09d", n));
        Purchase reserved = wallets.reserve(new PurchaseOrder(
                buyer,
                ROUND,
                Money.krw(50_000),
                FundingMethod.BANK_ACCOUNT,
                new IdempotencyKey("jmh-" + n + "-reserve")));
        Purchase confirmed = wallets.confirm(buyer, reserved.id());
        if (confirmed.status() != PurchaseStatus.CONFIRMED) {
            throw new IllegalStateException("confirm returned " + confirmed);
        }
        return confirmed;
    }
}
