package dev.dangol.merchant.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class MemoryMerchantIndexTest {

    private static final Predicate<Merchant> EVERYONE = m -> true;

    @Test
    void answersExactlyWhatABruteForceSortWouldForRandomQueriesAndFilters() {
        TestMerchants merchants = new TestMerchants(11);
        MemoryMerchantIndex index = new MemoryMerchantIndex();
        Map<MerchantId, Merchant> model = new HashMap<>();
        for (int i = 0; i < 6_000; i++) {
            Merchant merchant = merchants.any();
            index.put(merchant);
            model.put(merchant.id(), merchant);
        }
        assertThat(index.runCount()).isGreaterThan(1);

        SplittableRandom random = new SplittableRandom(12);
        for (int q = 0; q < 400; q++) {
            NearestQuery query = randomQuery(random, merchants);
            Predicate<Merchant> accepts = randomAcceptance(random);
            assertThat(index.nearest(query, accepts))
                    .as("query %d: %s", q, query)
                    .containsExactlyElementsOf(bruteForce(model.values(), query, accepts));
        }
    }

    @Test
    void followsMovesClosuresRemovalsAndMerchantsPutAgain() {
        TestMerchants merchants = new TestMerchants(21);
        MemoryMerchantIndex index = new MemoryMerchantIndex();
        Map<MerchantId, Merchant> model = new HashMap<>();
        SplittableRandom random = new SplittableRandom(22);
        List<Merchant> everPut = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            int choice = random.nextInt(10);
            if (choice < 5 || model.isEmpty()) {
                Merchant merchant = merchants.any();
                index.put(merchant);
                model.put(merchant.id(), merchant);
                everPut.add(merchant);
            } else if (choice < 8) {
                // Moves (or changes) a merchant already there: the same id at a new place.
                MerchantId id = TestMerchants.id(random.nextInt(everPut.size()));
                Merchant moved = merchants.at(id, merchants.randomPoint());
                index.put(moved);
                model.put(id, moved);
                everPut.add(moved);
            } else if (choice < 9) {
                // The very same object put again, after others may have replaced it.
                Merchant again = everPut.get(random.nextInt(everPut.size()));
                index.put(again);
                model.put(again.id(), again);
            } else {
                MerchantId id = TestMerchants.id(random.nextInt(everPut.size()));
                index.remove(id);
                model.remove(id);
            }
            if (step % 500 == 0) {
                NearestQuery query = randomQuery(random, merchants);
                assertThat(index.nearest(query, EVERYONE))
                        .as("step %d", step)
                        .containsExactlyElementsOf(bruteForce(model.values(), query, EVERYONE));
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
        for (int q = 0; q < 100; q++) {
            NearestQuery query = randomQuery(random, merchants);
            assertThat(index.nearest(query, EVERYONE))
                    .containsExactlyElementsOf(bruteForce(model.values(), query, EVERYONE));
        }
    }

    @Test
    void breaksTiesByIdAmongMerchantsInTheSameBuilding() {
        TestMerchants merchants = new TestMerchants(31);
        MemoryMerchantIndex index = new MemoryMerchantIndex();
        GeoPoint building = new GeoPoint(375_701_234, 1_269_991_234);
        List<Merchant> all = new ArrayList<>();
        for (int n = 2_999; n >= 0; n--) {
            Merchant merchant = merchants.at(TestMerchants.id(n), building);
            index.put(merchant);
            all.add(merchant);
        }
        NearestQuery query =
                new NearestQuery(new GeoPoint(375_800_000, 1_270_000_000), 100, 250, null, null, false, null);

        List<NearbyMerchant> found = index.nearest(query, EVERYONE);

        assertThat(found).extracting(f -> f.merchant().id().value()).isSorted().hasSize(100);
        assertThat(found.getFirst().merchant().id()).isEqualTo(TestMerchants.id(250));
        assertThat(found).containsExactlyElementsOf(bruteForce(all, query, EVERYONE));
    }

    @Test
    void pagesByOffsetContinueWhereThePreviousPageEnded() {
        TestMerchants merchants = new TestMerchants(41);
        MemoryMerchantIndex index = new MemoryMerchantIndex();
        for (int i = 0; i < 3_000; i++) {
            index.put(merchants.any());
        }
        GeoPoint from = new GeoPoint(375_700_000, 1_269_990_000);
        List<NearbyMerchant> oneGo = index.nearest(new NearestQuery(from, 100, 0, null, null, true, null), EVERYONE);
        List<NearbyMerchant> paged = new ArrayList<>();
        for (int offset = 0; offset < 100; offset += 20) {
            paged.addAll(index.nearest(new NearestQuery(from, 20, offset, null, null, true, null), EVERYONE));
        }
        assertThat(paged).hasSize(100).containsExactlyElementsOf(oneGo);
        assertThat(oneGo).extracting(NearbyMerchant::metres).isSorted();
    }

    @Test
    void aPageBeyondTheLastMerchantIsEmpty() {
        TestMerchants merchants = new TestMerchants(45);
        MemoryMerchantIndex index = new MemoryMerchantIndex();
        for (int i = 0; i < 30; i++) {
            index.put(merchants.any());
        }
        GeoPoint from = new GeoPoint(375_700_000, 1_269_990_000);

        assertThat(index.nearest(new NearestQuery(from, 20, 20, null, null, false, null), EVERYONE))
                .hasSize(10);
        assertThat(index.nearest(new NearestQuery(from, 20, 40, null, null, false, null), EVERYONE))
                .isEmpty();
        assertThat(new MemoryMerchantIndex().nearest(NearestQuery.nearest(from, 20), EVERYONE))
                .isEmpty();
    }

    @Test
    void findsTheOnlyMatchAcrossTheCountryWhenAFilterIsVerySelective() {
        TestMerchants merchants = new TestMerchants(51);
        MemoryMerchantIndex index = new MemoryMerchantIndex();
        for (int i = 0; i < 5_000; i++) {
            index.put(merchants.any());
        }
        Merchant farAway = merchants.at(MerchantId.of("only-one"), new GeoPoint(335_000_000, 1_265_300_000));
        index.put(farAway);

        List<NearbyMerchant> found = index.nearest(
                NearestQuery.nearest(new GeoPoint(379_000_000, 1_277_000_000), 20),
                m -> m.id().value().equals("only-one"));

        assertThat(found).extracting(NearbyMerchant::merchant).containsExactly(farAway);
        assertThat(found.getFirst().metres()).isBetween(400_000L, 600_000L);
    }

    @Test
    void searchesFromThePolesTheAntimeridianAndKoreasEdgesWithoutFailing() {
        TestMerchants merchants = new TestMerchants(61);
        MemoryMerchantIndex index = new MemoryMerchantIndex();
        Map<MerchantId, Merchant> model = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            Merchant merchant = merchants.any();
            index.put(merchant);
            model.put(merchant.id(), merchant);
        }
        int degree = GeoPoint.DEGREE;
        GeoPoint[] edges = {
            new GeoPoint(90 * degree, 0),
            new GeoPoint(-90 * degree, 180 * degree),
            new GeoPoint(0, 180 * degree),
            new GeoPoint(0, -180 * degree),
            new GeoPoint(-37 * degree, -53 * degree), // the antipode of Korea
            new GeoPoint(33 * degree, 124 * degree),
            new GeoPoint(39 * degree, 132 * degree),
            new GeoPoint(331_000_000, 1_265_500_000),
            new GeoPoint(386_000_000, 1_283_500_000)
        };
        for (GeoPoint from : edges) {
            NearestQuery query = new NearestQuery(from, 50, 10, null, null, false, null);
            assertThat(index.nearest(query, EVERYONE))
                    .as("from %s", from)
                    .hasSize(50)
                    .containsExactlyElementsOf(bruteForce(model.values(), query, EVERYONE));
        }
        // Merchants at the poles and on the antimeridian are found like any other.
        Merchant northPole = merchants.at(MerchantId.of("north"), new GeoPoint(90 * degree, 45 * degree));
        Merchant dateLine = merchants.at(MerchantId.of("dateline"), new GeoPoint(10 * degree, 180 * degree));
        index.put(northPole);
        index.put(dateLine);
        assertThat(index.nearest(
                        new NearestQuery(new GeoPoint(89 * degree, -170 * degree), 1, 0, null, null, false, null),
                        EVERYONE))
                .extracting(NearbyMerchant::merchant)
                .containsExactly(northPole);
        assertThat(index.nearest(
                        new NearestQuery(new GeoPoint(10 * degree, -179 * degree), 1, 0, null, null, false, null),
                        EVERYONE))
                .extracting(NearbyMerchant::merchant)
                .containsExactly(dateLine);
    }

    @Test
    void merchantsWithoutAPlaceAreNotHeldAndLeaveNoOlderPlaceBehind() {
        TestMerchants merchants = new TestMerchants(71);
        MemoryMerchantIndex index = new MemoryMerchantIndex();
        Merchant placed = merchants.any();
        index.put(placed);
        Merchant lostItsPlace = new Merchant(
                placed.id(),
                placed.agencyId(),
                placed.businessNumber(),
                placed.nameKorean(),
                placed.nameRomanised(),
                placed.address(),
                placed.townCode(),
                null,
                placed.industry(),
                placed.market(),
                placed.revenueBand(),
                placed.status(),
                null);

        index.put(lostItsPlace);

        assertThat(index.size()).isZero();
        assertThat(index.nearest(new NearestQuery(placed.location(), 10, 0, null, null, false, null), EVERYONE))
                .isEmpty();
    }

    @Test
    void readersSeeWholeAnswersWhileAWriterMovesMerchants() throws Exception {
        TestMerchants merchants = new TestMerchants(81);
        MemoryMerchantIndex index = new MemoryMerchantIndex();
        for (int i = 0; i < 5_000; i++) {
            index.put(merchants.any());
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                long seed = r;
                readers.add(threads.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    TestMerchants points = new TestMerchants(seed + 100);
                    int answers = 0;
                    while (writing.get()) {
                        NearestQuery query = randomQuery(random, points);
                        List<NearbyMerchant> found = index.nearest(query, EVERYONE);
                        assertThat(found).extracting(NearbyMerchant::metres).isSorted();
                        assertThat(new HashSet<>(found.stream()
                                        .map(f -> f.merchant().id())
                                        .toList()))
                                .hasSize(found.size());
                        answers++;
                    }
                    return answers;
                }));
            }
            SplittableRandom random = new SplittableRandom(82);
            for (int i = 0; i < 30_000; i++) {
                MerchantId id = TestMerchants.id(random.nextInt(5_000));
                index.put(merchants.at(id, merchants.randomPoint()));
            }
            writing.set(false);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get()).isPositive();
            }
        }
        assertThat(index.size()).isEqualTo(5_000);
    }

    @Test
    void compactingLeavesOneRunAndTheSameAnswers() {
        TestMerchants merchants = new TestMerchants(51);
        MemoryMerchantIndex index = new MemoryMerchantIndex();
        Map<MerchantId, Merchant> model = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            Merchant merchant = merchants.any();
            index.put(merchant);
            model.put(merchant.id(), merchant);
        }
        for (int i = 0; i < 300; i++) {
            index.remove(TestMerchants.id(i * 7));
            model.remove(TestMerchants.id(i * 7));
        }
        assertThat(index.runCount()).isGreaterThan(1);

        index.compact();

        assertThat(index.runCount()).isEqualTo(1);
        assertThat(index.size()).isEqualTo(model.size());
        SplittableRandom random = new SplittableRandom(52);
        for (int q = 0; q < 200; q++) {
            NearestQuery query = randomQuery(random, merchants);
            assertThat(index.nearest(query, EVERYONE))
                    .as("query %d: %s", q, query)
                    .containsExactlyElementsOf(bruteForce(model.values(), query, EVERYONE));
        }
    }

    @Test
    void aNameSignatureNeverRulesOutAMerchantWhoseNameHoldsTheText() {
        SplittableRandom random = new SplittableRandom(31);
        String alphabet = "abcdefghijklmnopqrstuvwxyz 떡집할매빈대광장청과" + MerchantEntry.SEPARATOR;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder names = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int c = 0; c < length; c++) {
                names.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            int from = random.nextInt(length);
            String text = names.substring(from, from + 1 + random.nextInt(length - from));
            long textBits = MerchantEntry.nameBits(text);
            assertThat(MerchantEntry.nameBits(names.toString()) & textBits)
                    .as("'%s' in '%s'", text, names)
                    .isEqualTo(textBits);
        }
    }

    static NearestQuery randomQuery(SplittableRandom random, TestMerchants points) {
        int limit = 1 + random.nextInt(NearestQuery.LIMIT_MAX);
        int offset = random.nextInt(4) == 0 ? random.nextInt(200) : 0;
        Industry industry = random.nextInt(3) == 0 ? Industry.values()[random.nextInt(8)] : null;
        String nameText = switch (random.nextInt(8)) {
            case 0 -> "떡";
            case 1 -> "onnuri";
            case 2 -> "KALGUK";
            case 3 -> "빈대떡";
            case 4 -> "ae t";
            default -> null;
        };
        ProgramId program = null;
        return new NearestQuery(points.randomPoint(), limit, offset, program, industry, random.nextBoolean(), nameText);
    }

    static Predicate<Merchant> randomAcceptance(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> EVERYONE;
            case 1 -> m -> m.id().value().hashCode() % 3 == 0;
            default -> m -> m.location().latitudeE7() > 360_000_000;
        };
    }

    /** Every merchant that passes, sorted by whole metres then id: what the index must answer. */
    static List<NearbyMerchant> bruteForce(
            Iterable<Merchant> merchants, NearestQuery query, Predicate<Merchant> accepts) {
        List<NearbyMerchant> all = new ArrayList<>();
        for (Merchant merchant : merchants) {
            if (merchant.location() == null
                    || (query.industry() != null && merchant.industry() != query.industry())
                    || (query.activeOnly() && !merchant.isActive())
                    || (query.nameText() != null
                            && !merchant.nameKorean()
                                    .toLowerCase()
                                    .contains(query.nameText().toLowerCase())
                            && !merchant.nameRomanised()
                                    .toLowerCase()
                                    .contains(query.nameText().toLowerCase()))
                    || !accepts.test(merchant)) {
                continue;
            }
            all.add(new NearbyMerchant(merchant, query.from().metresTo(merchant.location())));
        }
        all.sort(Comparator.comparingLong(NearbyMerchant::metres)
                .thenComparing(f -> f.merchant().id().value()));
        return all.subList(Math.min(all.size(), query.offset()), Math.min(all.size(), query.offset() + query.limit()));
    }
}
