package dev.dangol.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dangol.shared.Luhn;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.testing.MutableClock;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.PaymentId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The consumer-code rules on the database every node shares: each test builds books as separate nodes would, on one
 * migrated database reached through a connection pool, so that concurrent claims really race in the database. The
 * concrete classes choose the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsumerCodeBookContract {

    static final PersonId KIM = PersonId.of("kim");
    static final ProgramId ONNURI = ProgramId.of("onnuri");
    static final Duration VALIDITY = Duration.ofMinutes(3);
    static final int THREADS = 12;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T00:00:00Z"), ZoneOffset.UTC);
    private final String name = "cc_" + Long.toString(System.nanoTime() % 1_000_000_000_000L, 36);
    private HikariDataSource pool;
    private JdbcConsumerCodeStore store;
    private JdbcClient jdbc;
    private int seeds;

    /** The JDBC URL of a new, empty database or schema named {@code name}. */
    abstract String url(String name);

    abstract String user();

    /** The schema Flyway migrates into, or null for the database's default. */
    abstract String schema(String name);

    /** Throws the database away. */
    abstract String dropStatement(String name);

    abstract String serverUrl();

    @BeforeAll
    void migrate() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url(name));
        config.setUsername(user());
        config.setPassword("");
        config.setMaximumPoolSize(THREADS + 2);
        pool = new HikariDataSource(config);
        var flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration");
        if (schema(name) != null) {
            flyway = flyway.schemas(schema(name)).createSchemas(true);
        }
        flyway.load().migrate();
        jdbc = JdbcClient.create(pool);
        store = new JdbcConsumerCodeStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(pool)));
    }

    @AfterAll
    void drop() throws Exception {
        pool.close();
        try (Connection c = DriverManager.getConnection(serverUrl(), user(), "");
                Statement s = c.createStatement()) {
            s.execute(dropStatement(name));
        }
    }

    /** A book as one node has it: its own random generator, the shared store. */
    ConsumerCodeBook node(int capacity) {
        return new ConsumerCodeBook(store, clock, new SplittableRandom(42 + seeds++), VALIDITY, capacity);
    }

    static PaymentId payment(String key) {
        return PaymentId.byMerchant(MerchantId.of("shop"), new IdempotencyKey("key-" + key + "-payment"));
    }

    static String code(Runnable claim) {
        return catchThrowableOfType(Rejection.class, claim::run).code();
    }

    private static PersonId person(String who) {
        return PersonId.of(who + "-" + Long.toString(System.nanoTime(), 36));
    }

    @Test
    void aCodeIssuedOnOneNodePaysOnceOnAnother() {
        ConsumerCodeBook a = node(1_000);
        ConsumerCodeBook b = node(1_000);
        PersonId kim = person("kim");
        ConsumerCodeBook.Issued issued = a.issue(kim, ONNURI);
        assertThat(issued.code()).matches("[0-9]{16}");
        assertThat(Luhn.holds(issued.code())).isTrue();
        assertThat(issued.expiresAt()).isEqualTo(clock.instant().plus(VALIDITY));

        ConsumerCodeBook.Claim claim = b.claim(issued.code(), payment("a1"));
        assertThat(claim.person()).isEqualTo(kim);
        assertThat(claim.program()).isEqualTo(ONNURI);
        assertThat(claim.alreadyUsed()).isFalse();
        b.used(claim);

        assertThat(code(() -> a.claim(issued.code(), payment("b1")))).isEqualTo("CODE_USED");
        // The same payment retried, on either node, gets its claim back, marked as used already.
        assertThat(a.claim(issued.code(), payment("a1")).alreadyUsed()).isTrue();
        // A node started afresh knows the code: it is in the database, not in a node's memory.
        assertThat(code(() -> node(1_000).claim(issued.code(), payment("c1")))).isEqualTo("CODE_USED");
    }

    @Test
    void expiredMistypedMalformedUnknownReplacedAndInUseCodesEachHaveTheirOwnReason() {
        ConsumerCodeBook book = node(1_000);
        PersonId kim = person("kim");
        String first = book.issue(kim, ONNURI).code();
        String second = node(1_000).issue(kim, ONNURI).code();
        assertThat(code(() -> book.claim(first, payment("c2")))).isEqualTo("CODE_REPLACED");

        char last = second.charAt(15);
        String mistyped = second.substring(0, 15) + (char) ('0' + (last - '0' + 1) % 10);
        assertThat(code(() -> book.claim(mistyped, payment("c2")))).isEqualTo("CODE_MISTYPED");
        assertThat(code(() -> book.claim("12345", payment("c2")))).isEqualTo("CODE_MALFORMED");
        assertThat(code(() -> book.claim(null, payment("c2")))).isEqualTo("CODE_MALFORMED");
        String unknown = "123456789012345" + Luhn.checkDigit("123456789012345");
        assertThat(code(() -> book.claim(unknown, payment("c2")))).isEqualTo("CODE_UNKNOWN");

        // Spaces and dashes, as a person types a code read aloud, are ignored.
        String typed = second.substring(0, 4) + " " + second.substring(4, 8) + "-" + second.substring(8);
        ConsumerCodeBook.Claim claim = book.claim(typed, payment("d2"));
        assertThat(code(() -> book.claim(second, payment("e2")))).isEqualTo("CODE_IN_USE");
        book.release(claim);

        clock.advance(VALIDITY.minusSeconds(1));
        book.release(book.claim(second, payment("e2")));
        clock.advance(Duration.ofSeconds(1));
        assertThat(code(() -> book.claim(second, payment("e2")))).isEqualTo("CODE_EXPIRED");
        clock.advance(ConsumerCodeBook.REMEMBERED);
        assertThat(code(() -> book.claim(second, payment("e2")))).isEqualTo("CODE_UNKNOWN");
    }

    @Test
    void aCodeReleasedAfterTheCustomerAskedForANewOneCountsAsReplaced() {
        ConsumerCodeBook book = node(1_000);
        PersonId lee = person("lee");
        String old = book.issue(lee, ONNURI).code();
        ConsumerCodeBook.Claim claim = book.claim(old, payment("f3"));
        String fresh = book.issue(lee, ONNURI).code();
        book.release(claim);
        assertThat(code(() -> book.claim(old, payment("g3")))).isEqualTo("CODE_REPLACED");
        assertThat(book.claim(fresh, payment("g3")).person()).isEqualTo(lee);
    }

    @Test
    void ofManyPaymentsClaimingOneCodeAtOnceOnManyNodesExactlyOneWins() throws Exception {
        List<ConsumerCodeBook> nodes = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            nodes.add(node(1_000));
        }
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 20; round++) {
                String code = nodes.getFirst().issue(person("park"), ONNURI).code();
                CountDownLatch start = new CountDownLatch(1);
                ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
                List<Future<ConsumerCodeBook.Claim>> claims = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    ConsumerCodeBook node = nodes.get(i);
                    PaymentId payment = payment("r" + round + "-" + i);
                    claims.add(threads.submit(() -> {
                        start.await();
                        try {
                            return node.claim(code, payment);
                        } catch (Rejection refused) {
                            refusals.add(refused.code());
                            return null;
                        }
                    }));
                }
                start.countDown();
                List<ConsumerCodeBook.Claim> winners = new ArrayList<>();
                for (Future<ConsumerCodeBook.Claim> claim : claims) {
                    ConsumerCodeBook.Claim won = claim.get(30, TimeUnit.SECONDS);
                    if (won != null) {
                        winners.add(won);
                    }
                }
                assertThat(winners).as("round " + round).hasSize(1);
                assertThat(refusals).hasSize(THREADS - 1).containsOnly("CODE_IN_USE");
                nodes.get(round % THREADS).used(winners.getFirst());
                assertThat(code(() -> nodes.get(1).claim(code, payment("late"))))
                        .isEqualTo("CODE_USED");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** A person asking for codes on several devices at once, each served by another node. */
    static final int DEVICES = 4;

    @Test
    void aPersonHasOneLiveCodeEvenWhenSeveralNodesIssueAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(DEVICES);
        try {
            for (int round = 0; round < 10; round++) {
                PersonId choi = person("choi");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> issued = new ArrayList<>();
                for (int i = 0; i < DEVICES; i++) {
                    ConsumerCodeBook node = node(1_000);
                    issued.add(threads.submit(() -> {
                        start.await();
                        return node.issue(choi, ONNURI).code();
                    }));
                }
                start.countDown();
                Set<String> codes = new HashSet<>();
                for (Future<String> code : issued) {
                    codes.add(code.get(30, TimeUnit.SECONDS));
                }
                assertThat(codes).hasSize(DEVICES);
                List<String> open = jdbc.sql(
                                "select code_sha256 from consumer_code where person_id = ? and state = 'OPEN'")
                        .param(choi.value())
                        .query(String.class)
                        .list();
                assertThat(open).as("round " + round).hasSize(1);
                assertThat(codes.stream().map(JdbcConsumerCodeStore::sha256)).contains(open.getFirst());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theBookHoldsAtMostItsCapacityAndForgetsOldCodesToMakeRoom() {
        // Codes of the other tests are there too: forget them first, then fill a small book.
        ConsumerCodeBook filler = node(1_000);
        clock.advance(VALIDITY.plus(ConsumerCodeBook.REMEMBERED));
        filler.forgetOld(clock.instant());
        assertThat(filler.size()).isZero();

        ConsumerCodeBook small = node(10);
        for (int i = 0; i < 10; i++) {
            small.issue(person("p" + i), ONNURI);
        }
        assertThat(code(() -> small.issue(person("late"), ONNURI))).isEqualTo("CONSUMER_CODES_BUSY");
        // Within their validity and the time they are remembered, codes are kept.
        clock.advance(VALIDITY.plus(ConsumerCodeBook.REMEMBERED).minusSeconds(1));
        assertThat(small.forgetOld(clock.instant())).isZero();
        clock.advance(Duration.ofSeconds(1));
        small.issue(person("late"), ONNURI);
        assertThat(small.size()).isEqualTo(1);
    }
}
