package dev.dangol.merchant.internal;

import static dev.dangol.merchant.internal.SampleMerchants.riceCakeShop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.testing.MigratedDatabase;
import dev.dangol.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The change log on the embedded H2 database: numbered, read back by transaction, pruned after the kept time. */
class MerchantChangesH2IT {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final MigratedDatabase database = MigratedDatabase.h2();
    private final JdbcMerchantStore store = new JdbcMerchantStore(database.dataSource(), database.transactions());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void eachWritingTransactionIsOneChangeThatNamesItsMerchantsAndOldOnesArePruned() {
        store.atomically(() -> {
            store.insertAll(List.of(shop(1), shop(2)), clock.instant());
            return null;
        });
        clock.advanceSeconds(Duration.ofDays(8).toSeconds());
        store.beginBulkChange();
        store.update(shop(2).withStatus(new MerchantStatus.Closed("closed", clock.instant())), clock.instant());

        assertThat(store.newest()).isEqualTo(2);
        MerchantChanges.Change first = store.after(0, 10).getFirst();
        assertThat(first.merchants()).isEqualTo(2);
        assertThat(store.madeHere(first.txn())).isTrue();
        // Merchant 2 was written again: it belongs to the second change now.
        assertThat(store.writtenBy(first.txn(), null, 10))
                .extracting(Merchant::agencyId)
                .containsExactly("H2C-1");

        MerchantConfiguration.ChangePruning pruning =
                new MerchantConfiguration.ChangePruning(store, clock, new SimpleMeterRegistry(), Duration.ofDays(7));
        assertThat(pruning.prune()).isEqualTo(1);
        assertThat(store.after(0, 10)).extracting(MerchantChanges.Change::seq).containsExactly(2L);
    }

    private static Merchant shop(int n) {
        return riceCakeShop(
                "m-" + n,
                "H2C-" + n,
                TestMerchants.businessNumber(101_840_000 + n).digits());
    }
}
