package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.IssuedCode;
import dev.dangol.acceptance.Readiness;
import dev.dangol.acceptance.ReadinessReport;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.shared.MerchantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The readiness report: one walk over every issued code (which merchant each leads to, if any), then one over every
 * merchant (those with no working code, no coordinates, or a business number another merchant has too). Both walk in
 * bounded pages. The merchants that have a code are remembered as 64-bit hashes of their ids and business numbers as
 * longs, 8 bytes each, so that two million merchants cost about 32 MB rather than several hundred.
 */
final class ReadinessCheck implements Readiness {

    static final int PAGE = 1_000;
    /** Enough pages for 20 million merchants or codes; a walk never runs unbounded. */
    static final int PAGES_MAX = 20_000;

    private final Merchants merchants;
    private final IssuedCodeStore codes;
    private final Clock clock;

    ReadinessCheck(Merchants merchants, IssuedCodeStore codes, Clock clock) {
        this.merchants = merchants;
        this.codes = codes;
        this.clock = clock;
    }

    @Override
    public ReadinessReport report() {
        Gaps unknown = new Gaps();
        Gaps closed = new Gaps();
        LongSet covered = new LongSet();
        int codesChecked = 0;
        IssuedCode after = null;
        for (int page = 0; page < PAGES_MAX; page++) {
            List<IssuedCode> batch = codes.page(after, PAGE);
            for (IssuedCode code : batch) {
                codesChecked++;
                Optional<Merchant> merchant = code.merchant() != null
                        ? merchants.merchant(code.merchant())
                        : merchants.byAgencyId(code.agencyId());
                if (merchant.isEmpty()) {
                    unknown.add(code.operator() + " code " + code.payload() + " (issued " + code.issuedOn() + ") names "
                            + code.target() + ", which the registry does not hold");
                } else if (merchant.get().status() instanceof MerchantStatus.Closed c) {
                    closed.add(code.operator() + " code " + code.payload() + " leads to "
                            + merchant.get().id() + " " + merchant.get().nameKorean() + ", closed: " + c.reason());
                } else {
                    covered.add(hash(merchant.get().id()));
                }
            }
            if (batch.size() < PAGE) {
                break;
            }
            after = batch.getLast();
        }
        covered.seal();

        Gaps withoutCode = new Gaps();
        Gaps withoutCoordinates = new Gaps();
        LongSet businessNumbers = new LongSet();
        int merchantsChecked = 0;
        MerchantId afterMerchant = null;
        for (int page = 0; page < PAGES_MAX; page++) {
            List<Merchant> batch = merchants.page(afterMerchant, PAGE);
            for (Merchant merchant : batch) {
                merchantsChecked++;
                if (merchant.status() instanceof MerchantStatus.Closed) {
                    continue;
                }
                businessNumbers.add(Long.parseLong(merchant.businessNumber().digits()));
                if (merchant.isActive() && !covered.contains(hash(merchant.id()))) {
                    withoutCode.add(merchant.id() + " " + merchant.nameKorean() + " (agency " + merchant.agencyId()
                            + ") has no code that leads to it: have it print its Dangol code, or import the previous"
                            + " operator's list");
                }
                if (merchant.location() == null) {
                    withoutCoordinates.add(merchant.id() + " " + merchant.nameKorean() + ", " + merchant.address()
                            + ": no coordinates, so nearest search cannot find it");
                }
            }
            if (batch.size() < PAGE) {
                break;
            }
            afterMerchant = batch.getLast().id();
        }
        return new ReadinessReport(
                clock.instant(),
                merchantsChecked,
                codesChecked,
                withoutCode.done(),
                closed.done(),
                unknown.done(),
                withoutCoordinates.done(),
                duplicateBusinessNumbers(businessNumbers),
                sharedPayloads());
    }

    /** A second, rarely needed walk that names the merchants behind each repeated business number. */
    private ReadinessReport.Gaps duplicateBusinessNumbers(LongSet numbers) {
        LongSet repeated = numbers.repeated();
        Gaps gaps = new Gaps();
        if (repeated.size() == 0) {
            return gaps.done();
        }
        MerchantId after = null;
        for (int page = 0; page < PAGES_MAX; page++) {
            List<Merchant> batch = merchants.page(after, PAGE);
            for (Merchant merchant : batch) {
                if (!(merchant.status() instanceof MerchantStatus.Closed)
                        && repeated.contains(
                                Long.parseLong(merchant.businessNumber().digits()))) {
                    gaps.add(merchant.id() + " " + merchant.nameKorean() + " shares business number "
                            + merchant.businessNumber().printed() + " with another open merchant");
                }
            }
            if (batch.size() < PAGE) {
                break;
            }
            after = batch.getLast().id();
        }
        return gaps.done();
    }

    private ReadinessReport.Gaps sharedPayloads() {
        Gaps gaps = new Gaps();
        List<String> shared = codes.sharedPayloads(ReadinessReport.LIST_MAX);
        for (String payload : shared) {
            gaps.add("code " + payload + " was issued by "
                    + codes.byPayload(payload).stream()
                            .map(c -> c.operator() + " for " + c.target())
                            .toList());
        }
        gaps.count = codes.sharedPayloadCount();
        return gaps.done();
    }

    /** FNV-1a, 64 bits: two of a few million ids share a hash with odds of about one in a million million. */
    static long hash(MerchantId id) {
        long hash = 0xcbf29ce484222325L;
        String value = id.value();
        for (int i = 0; i < value.length(); i++) {
            hash ^= value.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** A list of gaps as it fills: counted in full, kept to the first {@value ReadinessReport#LIST_MAX}. */
    private static final class Gaps {
        private final List<String> items = new ArrayList<>();
        private int count;

        void add(String item) {
            count++;
            if (items.size() < ReadinessReport.LIST_MAX) {
                items.add(item);
            }
        }

        ReadinessReport.Gaps done() {
            return new ReadinessReport.Gaps(Math.max(count, items.size()), items);
        }
    }

    /** A growable array of longs, sorted once filled, for membership by binary search. */
    private static final class LongSet {
        private long[] values = new long[1_024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        void seal() {
            Arrays.sort(values, 0, size);
        }

        int size() {
            return size;
        }

        boolean contains(long value) {
            return Arrays.binarySearch(values, 0, size, value) >= 0;
        }

        /** The values that occur more than once, sealed. */
        LongSet repeated() {
            seal();
            LongSet repeated = new LongSet();
            Set<Long> seen = new HashSet<>();
            for (int i = 1; i < size; i++) {
                if (values[i] == values[i - 1] && seen.add(values[i])) {
                    repeated.add(values[i]);
                }
            }
            repeated.seal();
            return repeated;
        }
    }
}
