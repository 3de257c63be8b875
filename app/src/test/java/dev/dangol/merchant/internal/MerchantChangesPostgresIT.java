package dev.dangol.merchant.internal;

import static dev.dangol.merchant.internal.SampleMerchants.riceCakeShop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.testing.FreshDatabases;
import dev.dangol.testing.MigratedDatabase;
import dev.dangol.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Change numbers follow commit order on PostgreSQL, so a follower that reads "after the last applied" misses nothing:
 * a transaction that began writing first but commits last gets the higher number.
 */
@Timeout(60)
class MerchantChangesPostgresIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final MigratedDatabase database = MigratedDatabase.postgres();
    private final String schema =
            database.jdbc().sql("select current_schema()").query(String.class).single();

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void aTransactionThatBeganFirstButCommitsLastIsNumberedLastAndStillApplied() throws Exception {
        JdbcMerchantStore nodeA = store();
        JdbcMerchantStore nodeB = store();
        JdbcMerchantStore reader = new JdbcMerchantStore(database.dataSource(), database.transactions());
        MemoryMerchantIndex index = new MemoryMerchantIndex();
        MerchantRegistry readerRegistry =
                new MerchantRegistry(new MemoryMerchantStore(), index, new SampleMerchants.MapPrograms(), clock);
        MerchantIndexFollower follower = new MerchantIndexFollower(reader, clock, reader.newest(), 100, 100);

        Merchant first = shop(1);
        Merchant second = shop(2);
        CountDownLatch aWrote = new CountDownLatch(1);
        CountDownLatch aMayCommit = new CountDownLatch(1);
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> nodeA.atomically(() -> {
            nodeA.insert(first, clock.instant());
            aWrote.countDown();
            try {
                assertThat(aMayCommit.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return null;
        }));
        assertThat(aWrote.await(30, TimeUnit.SECONDS)).isTrue();
        // Node B writes after A began, and commits while A's transaction is still open.
        nodeB.insert(second, clock.instant());

        assertThat(follower.poll(readerRegistry)).isEqualTo(1);
        assertThat(ids(index)).containsExactly("m-2");

        aMayCommit.countDown();
        slow.get(30, TimeUnit.SECONDS);
        assertThat(follower.poll(readerRegistry)).isEqualTo(1);
        assertThat(ids(index)).containsExactly("m-1", "m-2");

        List<MerchantChanges.Change> changes = reader.after(0, 10);
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).seq()).isLessThan(changes.get(1).seq());
        assertThat(reader.writtenBy(changes.get(0).txn(), null, 10)).containsExactly(second);
        assertThat(reader.writtenBy(changes.get(1).txn(), null, 10)).containsExactly(first);
        assertThat(nodeA.madeHere(changes.get(1).txn())).isTrue();
        assertThat(nodeB.madeHere(changes.get(1).txn())).isFalse();
        assertThat(follower.behind()).isZero();
    }

    @Test
    void aRolledBackTransactionLeavesNoChangeAndNoGap() {
        JdbcMerchantStore store = store();
        try {
            store.atomically(() -> {
                store.insert(shop(3), clock.instant());
                throw new IllegalStateException("the work failed");
            });
        } catch (IllegalStateException expected) {
            // The insert and its change are gone.
        }
        store.insert(shop(4), clock.instant());
        assertThat(store.newest()).isEqualTo(1);
        assertThat(store.after(0, 10))
                .singleElement()
                .satisfies(change -> assertThat(change.merchants()).isEqualTo(1));
    }

    @Test
    void changesOlderThanTheKeptTimeArePrunedOldestFirstAndTheFollowerGoesOn() {
        JdbcMerchantStore store = store();
        store.insert(shop(5), clock.instant());
        clock.advanceSeconds(Duration.ofDays(8).toSeconds());
        store.insert(shop(6), clock.instant());
        MerchantConfiguration.ChangePruning pruning =
                new MerchantConfiguration.ChangePruning(store, clock, new SimpleMeterRegistry(), Duration.ofDays(7));
        assertThat(pruning.prune()).isEqualTo(1);
        assertThat(store.after(0, 10))
                .singleElement()
                .satisfies(change -> assertThat(change.seq()).isEqualTo(2));
        assertThat(pruning.prune()).isZero();
        assertThat(store.newest()).isEqualTo(2);
    }

    private JdbcMerchantStore store() {
        String server = System.getProperty(FreshDatabases.POSTGRES_URL_PROPERTY, FreshDatabases.POSTGRES_URL);
        DriverManagerDataSource connections = new DriverManagerDataSource(
                server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema, "postgres", "");
        return new JdbcMerchantStore(
                connections, new TransactionTemplate(new DataSourceTransactionManager(connections)));
    }

    private static Merchant shop(int n) {
        return riceCakeShop(
                "m-" + n,
                "CHG-" + n,
                TestMerchants.businessNumber(101_820_000 + n).digits());
    }

    private static List<String> ids(MemoryMerchantIndex index) {
        return index.nearest(NearestQuery.nearest(SampleMerchants.GWANGJANG_MARKET, 10), m -> true).stream()
                .map(NearbyMerchant::merchant)
                .map(m -> m.id().value())
                .sorted()
                .toList();
    }
}
