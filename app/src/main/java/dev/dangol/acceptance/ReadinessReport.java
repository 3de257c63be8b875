package dev.dangol.acceptance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What stands between the merchants and a launch (or a change of operator): each list holds at most {@value #LIST_MAX}
 * entries, and its count says how many there are in all.
 */
public record ReadinessReport(
        Instant checkedAt,
        int merchantsChecked,
        int codesChecked,
        Gaps activeWithoutCode,
        Gaps codesForClosedMerchants,
        Gaps codesForUnknownMerchants,
        Gaps withoutCoordinates,
        Gaps duplicateBusinessNumbers,
        Gaps duplicatePayloads) {

    public static final int LIST_MAX = 1_000;

    public ReadinessReport {
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** Whether nothing stands in the way. */
    public boolean ready() {
        return activeWithoutCode.count() == 0
                && codesForClosedMerchants.count() == 0
                && codesForUnknownMerchants.count() == 0
                && withoutCoordinates.count() == 0
                && duplicateBusinessNumbers.count() == 0
                && duplicatePayloads.count() == 0;
    }

    /** One kind of gap: how many there are and the first {@value #LIST_MAX} of them, each in words. */
    public record Gaps(int count, List<String> items) {
        public Gaps {
            items = List.copyOf(items);
            if (items.size() > LIST_MAX || count < items.size()) {
                throw new IllegalArgumentException("a list holds at most " + LIST_MAX + " of its count");
            }
        }
    }
}
