package dev.dangol.merchant.internal;

import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.SyntheticMerchants;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nearest 20 active merchants among {@code merchants} synthetic ones (clustered in markets across Korea), from a
 * random point near a market, on the in-memory index; with and without a name filter. The latency distribution (p50,
 * p99) over many points is {@code bench/nearest-bench.sh}'s; this is the mean cost of one search. The index is
 * package-private, hence the package.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class NearestBenchmark {

    @Param({"2000000"})
    public int merchants;

    private MemoryMerchantIndex index;
    private List<SyntheticMerchants.Market> markets;

    @Setup
    public void index() {
        index = new MemoryMerchantIndex();
        new SyntheticMerchants(11).stream(merchants).forEach(index::put);
        markets = SyntheticMerchants.markets();
    }

    @State(Scope.Thread)
    public static class Caller {
        final SplittableRandom random = new SplittableRandom(3);
    }

    private GeoPoint nearAMarket(SplittableRandom random) {
        SyntheticMerchants.Market market = markets.get(random.nextInt(markets.size()));
        // Within about 2 km of the market's centre.
        return new GeoPoint(
                market.centre().latitudeE7() + random.nextInt(-200_000, 200_001),
                market.centre().longitudeE7() + random.nextInt(-200_000, 200_001));
    }

    @Benchmark
    public List<NearbyMerchant> nearest20(Caller caller) {
        return index.nearest(NearestQuery.nearest(nearAMarket(caller.random), 20), merchant -> true);
    }

    @Benchmark
    public List<NearbyMerchant> nearest20Named(Caller caller) {
        NearestQuery query = new NearestQuery(nearAMarket(caller.random), 20, 0, null, null, true, "떡");
        return index.nearest(query, merchant -> true);
    }
}
