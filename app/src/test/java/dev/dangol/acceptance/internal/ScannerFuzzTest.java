package dev.dangol.acceptance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.acceptance.ScanResult;
import dev.dangol.merchant.Merchant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated payloads never make the scanner throw: every text gets a typed outcome with words. Half of the
 * mutated EMV codes get a recomputed CRC, so that mutations reach the structure checks behind the CRC too.
 */
class ScannerFuzzTest {

    static final long SEED = 20_260_302L;
    static final int CASES = 40_000;

    @Test
    void randomAndMutatedPayloadsAlwaysGetATypedOutcome() {
        MerchantBook merchants = new MerchantBook();
        MemoryIssuedCodes codes = new MemoryIssuedCodes();
        ScanChain scanner =
                new ScanChain(merchants, codes, new MemoryScanAlerts(), ScanObserver.NONE, ScanChainTest.CLOCK);
        StickerDesk desk = new StickerDesk(merchants, codes, ScanChainTest.CLOCK);
        IssuedCodeRegistry registry = new IssuedCodeRegistry(codes, ScanChainTest.CLOCK);
        List<String> seeds = new ArrayList<>(
                List.of(EmvMpmTest.EMVCO_EXAMPLE, EmvMpmTest.BC_CARD_EXAMPLE, OperatorSwitchIncidentTest.NURI_EMV));
        for (int i = 0; i < 20; i++) {
            Merchant shop = merchants.add(MerchantBook.shop("fz-" + i, "SEMAS-F" + i, i));
            seeds.add(desk.sticker(shop.id()).payload());
            String hanbit = HanbitCodes.url(String.format("FZ%07d", i));
            String nuri = NuriCodes.number(String.format("%011d", 500 + i));
            registry.importList(
                    dev.dangol.acceptance.Operator.HANBIT,
                    List.of(IssuedCodeRegistry.HEADER, hanbit + ",SEMAS-F" + i + ",2021-01-01"));
            registry.importList(
                    dev.dangol.acceptance.Operator.NURI,
                    List.of(IssuedCodeRegistry.HEADER, nuri + ",SEMAS-F" + i + ",2021-01-01"));
            seeds.add(hanbit);
            seeds.add(nuri);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        int[] outcomes = new int[6];
        for (int n = 0; n < CASES; n++) {
            String payload = n % 10 == 0 ? noise(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            ScanResult result = scanner.scan(payload, n % 2 == 0 ? MerchantBook.ONNURI : MerchantBook.SEOUL);
            assertThat(result).as("payload %s", payload).isNotNull();
            assertThat(result.message()).isNotBlank().doesNotContainIgnoringCase("invalid qr");
            outcomes[
                    switch (result) {
                        case ScanResult.Resolved r -> 0;
                        case ScanResult.Corrupt c -> 1;
                        case ScanResult.NotLinked l -> 2;
                        case ScanResult.MerchantSuspended s -> 3;
                        case ScanResult.MerchantClosed c -> 4;
                        case ScanResult.NotEligible e -> 5;
                    }]++;
        }
        // The mutations reach more than one outcome: the test is not just feeding the CRC check.
        assertThat(outcomes[0]).isPositive();
        assertThat(outcomes[1]).isPositive();
        assertThat(outcomes[2]).isPositive();
    }

    static String mutate(String seed, SplittableRandom random) {
        StringBuilder text = new StringBuilder(seed);
        int edits = random.nextInt(0, 4);
        for (int e = 0; e < edits && !text.isEmpty(); e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(6)) {
                case 0 -> text.setCharAt(at, anyChar(random));
                case 1 -> text.deleteCharAt(at);
                case 2 -> text.insert(at, anyChar(random));
                case 3 -> text.setLength(at);
                case 4 -> text.insert(at, text.substring(at, Math.min(text.length(), at + random.nextInt(1, 12))));
                default -> text.setCharAt(at, (char) ('0' + random.nextInt(10)));
            }
        }
        String mutated = text.toString();
        if (mutated.startsWith("000201") && mutated.length() > 8 && random.nextBoolean()) {
            // Give the mutated code a valid CRC, so that what lies behind the CRC check is exercised.
            String body = mutated.substring(0, mutated.length() - 8) + "6304";
            mutated = body + Crc16.hex(Crc16.of(body));
        }
        return mutated;
    }

    static String noise(SplittableRandom random) {
        int length = random.nextInt(0, 700);
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "000201" : "");
        for (int i = 0; i < length; i++) {
            text.append(anyChar(random));
        }
        return text.toString();
    }

    /** Digits, letters, Hangul, controls, lone surrogates and whatever else a damaged code might hold. */
    static char anyChar(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> (char) ('0' + random.nextInt(10));
            case 1 -> (char) ('A' + random.nextInt(26));
            case 2 -> (char) (0xAC00 + random.nextInt(11_172));
            case 3 -> (char) random.nextInt(0x20);
            case 4 -> (char) (0xD800 + random.nextInt(0x800));
            default -> (char) random.nextInt(0x10000);
        };
    }
}
