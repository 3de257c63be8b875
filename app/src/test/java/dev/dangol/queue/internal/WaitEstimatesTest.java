package dev.dangol.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.queue.Chance;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The wait range, the chance and the poll interval, computed from figures alone. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WaitEstimatesTest {

    private static final long OPENED = 1_000_000;
    private static final long A_MINUTE_LATER = OPENED + 60_000;

    @Test
    void theRangeIsTheGammaWaitsTenthToNinetiethPercentileWidenedByTheRatesOwnError() {
        // 60 admissions in the last minute: 1 a second. The 100th next admission: mean 100 s, spread
        // 1.2816 * sqrt(1/100 + 1/60) = 0.2093.
        WaitEstimates.Range range = WaitEstimates.range(100, 60, OPENED, A_MINUTE_LATER);

        assertThat(range.meanSeconds()).isEqualTo(100);
        assertThat(range.lowSeconds()).isEqualTo(79);
        assertThat(range.highSeconds()).isEqualTo(121);
    }

    @Test
    void aYoungRoundMeasuresItsRateOverTheTimeSinceOpening() {
        WaitEstimates.Range range = WaitEstimates.range(100, 50, OPENED, OPENED + 10_000);

        assertThat(range.meanSeconds()).isEqualTo(20);
    }

    @Test
    void withoutAdmissionsThereIsNoEstimate() {
        assertThat(WaitEstimates.range(100, 0, OPENED, A_MINUTE_LATER)).isEqualTo(WaitEstimates.Range.NONE);
        assertThat(WaitEstimates.range(100, 10, 0, A_MINUTE_LATER)).isEqualTo(WaitEstimates.Range.NONE);
    }

    @Test
    void theChanceIsNoStockLeftOnlyWhenEvenUnitBuyersAheadWouldTakeEverything() {
        long unit = 10_000;
        assertThat(WaitEstimates.chance(9, 50_000, unit, 60_000, 40_000, 50_000))
                .isEqualTo(Chance.UNCERTAIN);
        assertThat(WaitEstimates.chance(10, 50_000, unit, 60_000, 40_000, 50_000))
                .isEqualTo(Chance.NO_STOCK_LEFT);
        assertThat(WaitEstimates.chance(1, 50_000, unit, 100_000, 0, 50_000)).isEqualTo(Chance.LIKELY);
        assertThat(WaitEstimates.chance(Long.MAX_VALUE / 2, 50_000, unit, 100_000, 0, 50_000))
                .isEqualTo(Chance.NO_STOCK_LEFT);
    }

    @Test
    void pollingSlowsWithPositionButNeverPastTheExpectedTurn() {
        WaitEstimates.Range none = WaitEstimates.Range.NONE;
        assertThat(WaitEstimates.pollAfterSeconds(1, none)).isEqualTo(2);
        assertThat(WaitEstimates.pollAfterSeconds(1_001, none)).isEqualTo(12);
        assertThat(WaitEstimates.pollAfterSeconds(1_000_000, none)).isEqualTo(30);
        assertThat(WaitEstimates.pollAfterSeconds(1_000_000, new WaitEstimates.Range(7, 20, 12)))
                .isEqualTo(7);
        assertThat(WaitEstimates.pollAfterSeconds(1_000_000, new WaitEstimates.Range(0, 2, 1)))
                .isEqualTo(1);
    }
}
