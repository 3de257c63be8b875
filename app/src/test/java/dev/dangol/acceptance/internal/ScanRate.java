package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.Operator;
import dev.dangol.acceptance.ScanResult;
import dev.dangol.merchant.Merchant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scans per second through the whole chain, with the registry and the issued codes in memory (so the figure is the
 * codecs' and the chain's own cost, not a database's): a mix of Dangol codes, Hanbit URLs, Nuri numbers, a Nuri EMV
 * code and damaged codes. Not a test; run by hand (docs/benchmarks.md, "QR scans").
 *
 * <p>Arguments: threads (default 1), seconds (default 10).
 */
public final class ScanRate {

    private ScanRate() {}

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        MerchantBook merchants = new MerchantBook();
        MemoryIssuedCodes codes = new MemoryIssuedCodes();
        ScanChain scanner =
                new ScanChain(merchants, codes, new MemoryScanAlerts(), ScanObserver.NONE, ScanChainTest.CLOCK);
        StickerDesk desk = new StickerDesk(merchants, codes, ScanChainTest.CLOCK);
        IssuedCodeRegistry registry = new IssuedCodeRegistry(codes, ScanChainTest.CLOCK);
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Merchant shop = merchants.add(MerchantBook.shop(String.format("bench-%04d", i), "SEMAS-B" + i, i));
            payloads.add(desk.sticker(shop.id()).payload());
            String hanbit = HanbitCodes.url(String.format("BN%07d", i));
            String nuri = NuriCodes.number(String.format("%011d", 700_000 + i));
            registry.importList(
                    Operator.HANBIT, List.of(IssuedCodeRegistry.HEADER, hanbit + ",SEMAS-B" + i + ",2021-01-01"));
            registry.importList(
                    Operator.NURI, List.of(IssuedCodeRegistry.HEADER, nuri + ",SEMAS-B" + i + ",2021-01-01"));
            payloads.add(hanbit);
            payloads.add(nuri);
            if (i % 10 == 0) {
                String dangol = payloads.get(payloads.size() - 3);
                payloads.add(dangol.substring(0, dangol.length() - 1) + "0");
            }
        }
        String[] mix = payloads.toArray(String[]::new);
        LongAdder scans = new LongAdder();
        LongAdder resolved = new LongAdder();
        long warmUpEnds = System.nanoTime() + 3_000_000_000L;
        long ends = warmUpEnds + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(t);
            workers.add(Thread.ofPlatform().start(() -> {
                long now;
                while ((now = System.nanoTime()) < ends) {
                    ScanResult result = scanner.scan(mix[random.nextInt(mix.length)], MerchantBook.ONNURI);
                    if (now >= warmUpEnds) {
                        scans.increment();
                        if (result instanceof ScanResult.Resolved) {
                            resolved.increment();
                        }
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.printf(
                "RESULT threads=%d seconds=%d scans=%d scans_per_second=%d resolved_share=%d%%%n",
                threads, seconds, scans.sum(), scans.sum() / seconds, 100 * resolved.sum() / Math.max(1, scans.sum()));
    }
}
