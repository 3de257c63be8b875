package dev.dangol.merchant.internal;

import static dev.dangol.merchant.internal.SampleMerchants.riceCakeShop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.shared.MerchantId;
import dev.dangol.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The follower applies other nodes' committed changes in number order, moves past a change only once all of its
 * merchants are in the index, skips this node's own changes, and says how far behind it is.
 */
class MerchantIndexFollowerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final MemoryMerchantIndex index = new MemoryMerchantIndex();
    private final MerchantRegistry registry =
            new MerchantRegistry(new MemoryMerchantStore(), index, new SampleMerchants.MapPrograms(), clock);
    private final SharedRegistry shared = new SharedRegistry();

    @Test
    void otherNodesChangesReachTheIndexAndTheLatestStateWins() {
        MerchantIndexFollower follower = new MerchantIndexFollower(shared, clock, 0, 100, 100);
        shared.commit("t1", shop(1), shop(2));
        assertThat(follower.poll(registry)).isEqualTo(1);
        assertThat(nearestIds()).containsExactly("m-1", "m-2");

        shared.commit("t2", shop(1).withStatus(new MerchantStatus.Closed("closed by node A", clock.instant())));
        shared.commit("t3", moved(shop(2)));
        assertThat(follower.poll(registry)).isEqualTo(2);
        assertThat(nearestIds()).containsExactly("m-2");
        assertThat(index.nearest(NearestQuery.nearest(FAR, 1), m -> true)
                        .getFirst()
                        .metres())
                .isLessThan(1_000);
        assertThat(follower.applied()).isEqualTo(3);
    }

    @Test
    void anOlderChangeReadAfterANewerOneCommittedPutsTheNewerStateSoNothingGoesBack() {
        MerchantIndexFollower follower = new MerchantIndexFollower(shared, clock, 0, 100, 100);
        shared.commit("t1", shop(1));
        shared.commit("t2", shop(1).withStatus(new MerchantStatus.Closed("closed", clock.instant())));
        // Change 1's merchant now belongs to change 2, as it would in the database; both are read as they are now.
        follower.poll(registry);
        assertThat(nearestIds()).isEmpty();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void changesThisNodeMadeAreNotReadBackButAreCountedAsApplied() {
        MerchantIndexFollower follower = new MerchantIndexFollower(shared, clock, 0, 100, 100);
        shared.commit("mine", shop(1));
        shared.madeHere.add("mine");
        shared.commit("theirs", shop(2));
        assertThat(follower.poll(registry)).isEqualTo(2);
        assertThat(nearestIds()).containsExactly("m-2");
        assertThat(follower.applied()).isEqualTo(2);
        assertThat(follower.merchantsApplied()).isEqualTo(1);
    }

    @Test
    void aChangeIsLeftOnlyOnceEveryPageOfItsMerchantsIsInTheIndex() {
        MerchantIndexFollower follower = new MerchantIndexFollower(shared, clock, 0, 2, 100);
        shared.commit("t1", shop(1));
        shared.commit("t2", shop(2), shop(3), shop(4), shop(5), shop(6));
        shared.failOnPage = 3;
        assertThatThrownBy(() -> follower.poll(registry)).isInstanceOf(IllegalStateException.class);
        assertThat(follower.applied()).isEqualTo(1);
        assertThat(index.size()).isEqualTo(3);

        shared.failOnPage = -1;
        assertThat(follower.poll(registry)).isEqualTo(1);
        assertThat(follower.applied()).isEqualTo(2);
        assertThat(nearestIds()).containsExactly("m-1", "m-2", "m-3", "m-4", "m-5", "m-6");
    }

    @Test
    void aRestartedNodeStartsAfterTheNewestChangeItsFillAlreadyHolds() {
        shared.commit("t1", shop(1));
        MerchantIndexFollower follower = new MerchantIndexFollower(shared, clock, shared.newest(), 100, 100);
        shared.commit("t2", shop(2));
        follower.poll(registry);
        assertThat(nearestIds()).containsExactly("m-2");
    }

    @Test
    void aPollAppliesAtMostItsLimitAndTellsHowFarBehindItIs() {
        MerchantIndexFollower follower = new MerchantIndexFollower(shared, clock, 0, 100, 2);
        shared.commit("t1", shop(1));
        shared.commit("t2", shop(2));
        clock.advanceSeconds(30);
        shared.commit("t3", shop(3));
        clock.advanceSeconds(15);
        assertThat(follower.poll(registry)).isEqualTo(2);
        assertThat(follower.behind()).isEqualTo(1);
        assertThat(follower.lagSeconds()).isEqualTo(45);

        assertThat(follower.poll(registry)).isEqualTo(1);
        assertThat(follower.behind()).isZero();
        assertThat(follower.lagSeconds()).isZero();
        assertThat(nearestIds()).containsExactly("m-1", "m-2", "m-3");
    }

    @Test
    void aChangeNumberedAtOrBelowTheLastAppliedIsRefusedRatherThanApplied() {
        MerchantIndexFollower follower = new MerchantIndexFollower(shared, clock, 0, 100, 100);
        shared.commit("t1", shop(1));
        follower.poll(registry);
        shared.replay = true;
        assertThatThrownBy(() -> follower.poll(registry)).isInstanceOf(IllegalStateException.class);
        assertThat(follower.applied()).isEqualTo(1);
    }

    private static final GeoPoint FAR = new GeoPoint(350_966_000, 1_290_306_000);

    private static Merchant shop(int n) {
        return riceCakeShop("m-" + n, "A-" + n, businessNumber(n));
    }

    private static Merchant moved(Merchant m) {
        return new Merchant(
                m.id(),
                m.agencyId(),
                m.businessNumber(),
                m.nameKorean(),
                m.nameRomanised(),
                m.address(),
                "26110",
                FAR,
                m.industry(),
                m.market(),
                m.revenueBand(),
                m.status(),
                m.settlementAccount());
    }

    private static String businessNumber(int n) {
        return TestMerchants.businessNumber(101_810_000 + n).digits();
    }

    private List<String> nearestIds() {
        return index.nearest(NearestQuery.nearest(SampleMerchants.GWANGJANG_MARKET, 50), m -> true).stream()
                .map(NearbyMerchant::merchant)
                .filter(Merchant::isActive)
                .map(m -> m.id().value())
                .sorted()
                .toList();
    }

    /**
     * The registry as the database holds it: each merchant row tagged with the transaction that wrote it last, and
     * the committed changes in commit order.
     */
    private final class SharedRegistry implements MerchantChanges {

        final Map<MerchantId, Merchant> merchants = new TreeMap<>(Comparator.comparing(MerchantId::value));
        final Map<MerchantId, String> writtenBy = new TreeMap<>(Comparator.comparing(MerchantId::value));
        final List<Change> changes = new ArrayList<>();
        final Set<String> madeHere = new HashSet<>();
        int failOnPage = -1;
        boolean replay;
        private int pagesRead;

        void commit(String txn, Merchant... written) {
            for (Merchant merchant : written) {
                merchants.put(merchant.id(), merchant);
                writtenBy.put(merchant.id(), txn);
            }
            changes.add(new Change(changes.size() + 1, txn, clock.instant(), written.length));
        }

        @Override
        public long newest() {
            return changes.size();
        }

        @Override
        public List<Change> after(long seq, int limit) {
            if (replay) {
                return List.copyOf(changes);
            }
            return changes.stream().filter(c -> c.seq() > seq).limit(limit).toList();
        }

        @Override
        public List<Merchant> writtenBy(String txn, MerchantId after, int limit) {
            pagesRead++;
            if (pagesRead == failOnPage) {
                throw new IllegalStateException("the database went away");
            }
            return merchants.values().stream()
                    .filter(m -> writtenBy.get(m.id()).equals(txn))
                    .filter(m -> after == null || m.id().value().compareTo(after.value()) > 0)
                    .limit(limit)
                    .toList();
        }

        @Override
        public boolean madeHere(String txn) {
            return madeHere.contains(txn);
        }
    }
}
