package dev.dangol.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pre-queue draw is fair and checkable: every order of the pre-queued places is equally likely, and the order
 * follows from the published seed and place ids alone.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PreQueueDrawTest {

    /** The chi-square critical values at p = 0.001 for 23 and 9 degrees of freedom. */
    private static final double CRITICAL_23 = 49.728;

    private static final double CRITICAL_9 = 27.877;

    private final SplittableRandom random = new SplittableRandom(20_261_122);

    @Test
    void everyOrderOfFourPreQueuersIsEquallyLikely() {
        List<String> places = places(4);
        int draws = 24_000;
        Map<String, Integer> orders = new HashMap<>();
        for (int i = 0; i < draws; i++) {
            int[] order = Draws.order(Draws.newSeed(random), places);
            StringBuilder key = new StringBuilder();
            for (int index : order) {
                key.append(index);
            }
            orders.merge(key.toString(), 1, Integer::sum);
        }

        assertThat(orders).hasSize(24);
        assertThat(chiSquare(orders.values(), draws / 24.0)).isLessThan(CRITICAL_23);
    }

    @Test
    void onePersonAmongTenIsEquallyLikelyToDrawAnyPosition() {
        List<String> places = places(10);
        int draws = 20_000;
        int[] positions = new int[10];
        for (int i = 0; i < draws; i++) {
            int[] order = Draws.order(Draws.newSeed(random), places);
            for (int position = 0; position < order.length; position++) {
                if (order[position] == 3) {
                    positions[position]++;
                }
            }
        }
        List<Integer> counts = new ArrayList<>();
        for (int count : positions) {
            counts.add(count);
        }

        assertThat(counts).allSatisfy(count -> assertThat(count).isPositive());
        assertThat(chiSquare(counts, draws / 10.0)).isLessThan(CRITICAL_9);
    }

    @Test
    void theOrderIsTheHexSha256OfSeedColonPlaceIdAscending() throws Exception {
        List<String> places = places(50);
        String seed = Draws.newSeed(random);
        List<String> expected = new ArrayList<>(places);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        Map<String, String> keys = new HashMap<>();
        for (String place : places) {
            keys.put(
                    place,
                    HexFormat.of().formatHex(sha256.digest((seed + ":" + place).getBytes(StandardCharsets.UTF_8))));
        }
        expected.sort(Comparator.comparing(keys::get));

        int[] order = Draws.order(seed, places);
        List<String> drawn = new ArrayList<>();
        for (int index : order) {
            drawn.add(places.get(index));
        }

        assertThat(drawn).isEqualTo(expected);
        assertThat(seed).matches("[0-9a-f]{64}");
        assertThat(Draws.commitment(seed))
                .isEqualTo(HexFormat.of().formatHex(sha256.digest(seed.getBytes(StandardCharsets.UTF_8))));
    }

    private List<String> places(int count) {
        List<String> places = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            places.add(PlaceIds.random(random));
        }
        return places;
    }

    private static double chiSquare(Iterable<Integer> observed, double expected) {
        double sum = 0;
        for (int count : observed) {
            sum += (count - expected) * (count - expected) / expected;
        }
        return sum;
    }
}
