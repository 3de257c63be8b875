package dev.dangol.settlement.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dangol.ledger.Account;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.internal.BenchLedgers;
import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.Eligibility;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.merchant.SettlementAccount;
import dev.dangol.program.VoucherLedger;
import dev.dangol.settlement.BusinessCalendar;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How long a business day's settlement run takes for N merchants with P payments each, on the in-memory ledger or on
 * PostgreSQL: the first run (reads every payable's window, moves fee and payout), a repeat (moves nothing) and a
 * reconciliation (reads every payable's whole history).
 *
 * <pre>
 *   bench/settlement-bench.sh --db=postgres --merchants=10000 --payments=5
 * </pre>
 */
public final class SettlementRunBench {

    private static final ProgramId PROGRAM = ProgramId.of("bench");
    private static final LocalDate DAY = LocalDate.of(2026, 12, 4);
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    private SettlementRunBench() {}

    public static void main(String[] args) throws Exception {
        String db = "memory";
        int merchantCount = 10_000;
        int payments = 5;
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            switch (kv[0]) {
                case "db" -> db = kv[1];
                case "merchants" -> merchantCount = Integer.parseInt(kv[1]);
                case "payments" -> payments = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        Clock[] now = {Clock.fixed(Instant.parse("2026-12-04T01:00:00Z"), ZoneOffset.UTC)};
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0].instant();
            }
        };
        String schema = "bench_settle_" + Long.toHexString(System.nanoTime());
        HikariDataSource pool = null;
        Ledger ledger;
        SettlementRecords records;
        if (db.equals("postgres")) {
            execute("create schema " + schema);
            String url = SERVER + "?currentSchema=" + schema + "&reWriteBatchedInserts=true";
            Flyway.configure()
                    .dataSource(url, "postgres", "")
                    .schemas(schema)
                    .load()
                    .migrate();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername("postgres");
            config.setMaximumPoolSize(8);
            pool = new HikariDataSource(config);
            ledger = BenchLedgers.sql(pool, clock);
            records = new JdbcSettlementRecords(
                    new JdbcTemplate(pool), new TransactionTemplate(new DataSourceTransactionManager(pool)));
        } else {
            ledger = Ledgers.inMemory(clock);
            records = new InMemorySettlementRecords();
        }
        try {
            BenchMerchants merchants = new BenchMerchants();
            long setupStarted = System.nanoTime();
            ledger.createAccounts(List.of(
                    Account.of("bench-lot", VoucherLedger.MONEY, VoucherLedger.CODE_LOT, Set.of()),
                    VoucherLedger.control(
                            VoucherLedger.settled(PROGRAM), VoucherLedger.MONEY, VoucherLedger.CODE_SETTLED),
                    VoucherLedger.control(VoucherLedger.fees(PROGRAM), VoucherLedger.MONEY, VoucherLedger.CODE_FEES)));
            List<Account> accounts = new ArrayList<>();
            List<Transfer> transfers = new ArrayList<>();
            for (int m = 0; m < merchantCount; m++) {
                MerchantId id = MerchantId.of("m" + m);
                accounts.add(VoucherLedger.merchantPayableAccount(PROGRAM, id));
                if (accounts.size() == 5_000) {
                    ledger.createAccounts(accounts);
                    accounts.clear();
                }
                for (int p = 0; p < payments; p++) {
                    transfers.add(Transfer.single(
                            "pay-" + m + "-" + p,
                            "bench-lot",
                            VoucherLedger.merchantPayable(PROGRAM, id),
                            10_000 + 37L * p,
                            VoucherLedger.MONEY,
                            VoucherLedger.TRANSFER_PAYMENT));
                    if (transfers.size() == 8_000) {
                        ledger.createAccounts(accounts);
                        accounts.clear();
                        ledger.createTransfers(transfers);
                        transfers.clear();
                    }
                }
                merchants.add(id, RevenueBand.values()[m % 3]);
            }
            ledger.createAccounts(accounts);
            ledger.createTransfers(transfers);
            double setupSeconds = (System.nanoTime() - setupStarted) / 1e9;

            now[0] = Clock.fixed(Instant.parse("2026-12-04T16:00:00Z"), ZoneOffset.UTC);
            DailySettlement settlement = new DailySettlement(
                    ledger, merchants, BusinessCalendar.korean(), records, clock, 1, SettlementObserver.NONE);
            long started = System.nanoTime();
            SettlementRun first = settlement.run(DAY);
            double firstSeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            SettlementRun again = settlement.run(DAY);
            double againSeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            ReconciliationReport report =
                    new Reconciliation(ledger, Optional.empty(), clock, SettlementObserver.NONE).check();
            double reconcileSeconds = (System.nanoTime() - started) / 1e9;
            if (!first.paid().equals(again.paid())
                    || !report.balanced()
                    || first.count(PayoutOutcome.PAID) != merchantCount) {
                throw new IllegalStateException("the run did not pay every merchant once: " + report.mismatches());
            }
            System.out.printf(
                    "db=%s merchants=%d payments/merchant=%d setup=%.1fs firstRun=%.2fs (%.0f merchants/s) repeat=%.2fs"
                            + " reconciliation=%.2fs paid=%d won%n",
                    db,
                    merchantCount,
                    payments,
                    setupSeconds,
                    firstSeconds,
                    merchantCount / firstSeconds,
                    againSeconds,
                    reconcileSeconds,
                    first.paid().krw());
        } finally {
            if (ledger instanceof AutoCloseable closeable) {
                closeable.close();
            }
            if (pool != null) {
                pool.close();
                execute("drop schema " + schema + " cascade");
            }
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Every merchant active, in one of three bands, with an account. */
    private static final class BenchMerchants implements Merchants {
        private final java.util.Map<MerchantId, Merchant> byId = new java.util.HashMap<>();

        void add(MerchantId id, RevenueBand band) {
            byId.put(
                    id,
                    new Merchant(
                            id,
                            "agency-" + id,
                            new BusinessNumber("1010101013"),
                            "가게 " + id,
                            "Shop " + id,
                            "서울 종로구",
                            "11110",
                            null,
                            Industry.GROCERY,
                            null,
                            band,
                            MerchantStatus.ACTIVE,
                            new SettlementAccount("004", "12345678901", "가게주인")));
        }

        @Override
        public Optional<Merchant> merchant(MerchantId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public Optional<Merchant> byBusinessNumber(BusinessNumber number) {
            return Optional.empty();
        }

        @Override
        public Optional<Merchant> byAgencyId(String agencyId) {
            return Optional.empty();
        }

        @Override
        public Eligibility eligibility(Merchant merchant, ProgramId program) {
            return Eligibility.ELIGIBLE;
        }

        @Override
        public List<NearbyMerchant> nearest(NearestQuery query) {
            return List.of();
        }

        @Override
        public List<Merchant> page(MerchantId after, int limit) {
            return List.of();
        }
    }
}
