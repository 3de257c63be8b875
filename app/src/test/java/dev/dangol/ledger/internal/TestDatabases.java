package dev.dangol.ledger.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.LoggerFactory;

/** Databases for the SQL ledger's tests: a fresh H2 in memory, or a fresh schema on the local PostgreSQL. */
final class TestDatabases {

    private static final AtomicInteger H2_COUNT = new AtomicInteger();

    private TestDatabases() {}

    /** Flyway and Hikari say a lot at INFO for every database these tests make. */
    private static void quiet() {
        for (String name : List.of("org.flywaydb", "com.zaxxer.hikari")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    /** The SQL ledger as the application wires it, on this database. */
    static GroupCommitLedger ledger(DataSource dataSource, Clock clock) {
        return ledger(dataSource, clock, LedgerObserver.NONE);
    }

    static GroupCommitLedger ledger(DataSource dataSource, Clock clock, LedgerObserver observer) {
        return ledger(dataSource, clock, observer, 1);
    }

    /** The SQL ledger with this many writer threads. */
    static GroupCommitLedger ledger(DataSource dataSource, Clock clock, LedgerObserver observer, int writers) {
        return new GroupCommitLedger(
                new JdbcLedgerStore(dataSource),
                clock,
                GroupCommitLedger.Settings.DEFAULT.withWriters(writers),
                observer);
    }

    /** An H2 database in memory, migrated, gone when closed. */
    static final class H2 implements AutoCloseable {
        final JdbcDataSource dataSource = new JdbcDataSource();

        H2() {
            quiet();
            dataSource.setURL("jdbc:h2:mem:ledger_" + H2_COUNT.incrementAndGet()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            dataSource.setUser("sa");
            Flyway.configure().dataSource(dataSource).load().migrate();
        }

        /** Empties the ledger's tables, for the next test on the same database. */
        void empty() throws SQLException {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                for (String table : List.of(
                        "ledger_history", "ledger_pending", "ledger_expiry", "ledger_transfer", "ledger_account")) {
                    statement.execute("truncate table " + table);
                }
            }
        }

        @Override
        public void close() throws SQLException {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("shutdown");
            }
        }
    }

    /** A schema of its own on the local PostgreSQL, migrated, dropped with everything in it when closed. */
    static final class PostgresSchema implements AutoCloseable {
        private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
        private static final String USER = "postgres";

        final String name =
                "l_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        private final List<HikariDataSource> pools = new ArrayList<>();

        PostgresSchema() throws SQLException {
            quiet();
            execute("create schema " + name);
            Flyway.configure().dataSource(url(), USER, "").schemas(name).load().migrate();
        }

        String url() {
            return SERVER + "?currentSchema=" + name + "&reWriteBatchedInserts=true";
        }

        /** A connection pool on this schema, as one server node would have; closed with the schema. */
        DataSource pool(String poolName, int size) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url());
            config.setUsername(USER);
            config.setPassword("");
            config.setMaximumPoolSize(size);
            config.setPoolName(poolName);
            HikariDataSource pool = new HikariDataSource(config);
            pools.add(pool);
            return pool;
        }

        /** Empties the ledger's tables, for the next test on the same schema. */
        void empty() throws SQLException {
            execute("truncate table " + name + ".ledger_history, " + name + ".ledger_pending, " + name
                    + ".ledger_expiry, " + name + ".ledger_transfer, " + name + ".ledger_account");
        }

        private static void execute(String sql) throws SQLException {
            try (Connection connection = DriverManager.getConnection(SERVER, USER, "");
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        @Override
        public void close() throws SQLException {
            for (HikariDataSource pool : pools) {
                pool.close();
            }
            execute("drop schema " + name + " cascade");
        }
    }
}
