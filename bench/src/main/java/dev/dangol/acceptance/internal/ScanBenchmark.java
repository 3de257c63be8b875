package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.Operator;
import dev.dangol.acceptance.ScanResult;
import dev.dangol.merchant.Merchant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One QR scan through the whole chain (EMV with its CRC first, then the previous operators' URL and numeric forms,
 * then the exact-payload registry of issued codes), with the registry and the issued codes in memory, so that the
 * figure is the codecs' and the chain's own cost. The mix: Dangol's codes of 1,000 merchants, their Hanbit URLs and
 * Nuri numbers, and one damaged Dangol code in thirty. It uses the acceptance tests' in-memory stores (the app's
 * test jar) and lives in their package because they are package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScanBenchmark {

    private ScanChain scanner;
    private String[] mix;

    @Setup
    public void codes() {
        MerchantBook merchants = new MerchantBook();
        MemoryIssuedCodes codes = new MemoryIssuedCodes();
        scanner = new ScanChain(merchants, codes, new MemoryScanAlerts(), ScanObserver.NONE, ScanChainTest.CLOCK);
        StickerDesk desk = new StickerDesk(merchants, codes, ScanChainTest.CLOCK);
        IssuedCodeRegistry registry = new IssuedCodeRegistry(codes, ScanChainTest.CLOCK);
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Merchant shop =
                    merchants.add(MerchantBook.shop(String.format(Locale.ROOT, "bench-%04d", i), "SEMAS-B" + i, i));
            String dangol = desk.sticker(shop.id()).payload();
            String hanbit = HanbitCodes.url(String.format(Locale.ROOT, "BN%07d", i));
            String nuri = NuriCodes.number(String.format(Locale.ROOT, "%011d", 700_000 + i));
            registry.importList(
                    Operator.HANBIT, List.of(IssuedCodeRegistry.HEADER, hanbit + ",SEMAS-B" + i + ",2021-01-01"));
            registry.importList(
                    Operator.NURI, List.of(IssuedCodeRegistry.HEADER, nuri + ",SEMAS-B" + i + ",2021-01-01"));
            payloads.add(dangol);
            payloads.add(hanbit);
            payloads.add(nuri);
            if (i % 10 == 0) {
                payloads.add(dangol.substring(0, dangol.length() - 1) + (dangol.endsWith("0") ? "1" : "0"));
            }
        }
        mix = payloads.toArray(String[]::new);
    }

    @State(Scope.Thread)
    public static class Caller {
        final SplittableRandom random = new SplittableRandom(7);
    }

    @Benchmark
    public ScanResult scan(Caller caller) {
        return scanner.scan(mix[caller.random.nextInt(mix.length)], MerchantBook.ONNURI);
    }
}
