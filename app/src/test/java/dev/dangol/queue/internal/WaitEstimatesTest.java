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

    private static final long CAP_KRW = 400_000;
    private static final long BIG_POOL = 1_000_000_000_000L;
    private static final long LONG_AGO = OPENED - 600_000;
    /** The weight of holds ended at one a second, long measured: the time constant in seconds, in thousandths. */
    private static final long ONE_A_SECOND = WaitEstimates.FLOW_TAU_MILLIS;

    /** A round with {@code people} places wanting the cap, {@code holds} of them admitted. */
    private static QueueStore.Counters counters(
            long poolKrw, long holds, long admissionsLastMinute, WaitEstimates.Flow flow) {
        return counters(poolKrw, holds, admissionsLastMinute, 0, flow);
    }

    private static QueueStore.Counters counters(
            long poolKrw, long holds, long admissionsLastMinute, long heldMillisLastMinute, WaitEstimates.Flow flow) {
        return counters(poolKrw, holds, admissionsLastMinute, heldMillisLastMinute, 0, flow);
    }

    private static QueueStore.Counters counters(
            long poolKrw,
            long holds,
            long admissionsLastMinute,
            long heldMillisLastMinute,
            int rateCap,
            WaitEstimates.Flow flow) {
        long people = 10_000;
        return new QueueStore.Counters(
                0,
                people,
                0,
                0,
                true,
                OPENED,
                poolKrw,
                holds * CAP_KRW,
                0,
                holds,
                0,
                0,
                0,
                people * CAP_KRW,
                people,
                admissionsLastMinute,
                heldMillisLastMinute,
                rateCap,
                false,
                false,
                flow);
    }

    /** A flow measured over many turns of the in-flight places. */
    private static WaitEstimates.Flow flow(long weightMilli, long fromMillis, long cap) {
        return new WaitEstimates.Flow(1_000_000, weightMilli, A_MINUTE_LATER, fromMillis, cap);
    }

    @Test
    void belowTheInFlightCapTheRangeIsTheGammaWaitAtTheAdmissionRateWidenedByTheRatesOwnError() {
        // 59 admissions in the window, which at the very start of a second is the 59 whole seconds before it: 1 a
        // second, and 2,000 free places in flight. The 100th next admission: mean 100 s, spread
        // 1.2816 * sqrt(1/100 + 1/59) = 0.2104.
        WaitEstimates.Range range =
                WaitEstimates.range(100, CAP_KRW, counters(BIG_POOL, 0, 59, flow(0, OPENED, 2_000)), A_MINUTE_LATER);

        assertThat(range.meanSeconds()).isEqualTo(100);
        assertThat(range.lowSeconds()).isEqualTo(78);
        assertThat(range.highSeconds()).isEqualTo(122);
    }

    @Test
    void theTimeAdmissionWasHeldIsLeftOutOfTheTimeTheAdmissionRateIsMeasuredOver() {
        // 20 admissions in the last 59 s, 39 s of which admission was held for the gateway's health: 1 a second in
        // the 20 s it ran, not the third of that the whole window would say.
        WaitEstimates.Range range = WaitEstimates.range(
                100, CAP_KRW, counters(BIG_POOL, 0, 20, 39_000, flow(0, OPENED, 2_000)), A_MINUTE_LATER);

        assertThat(range.meanSeconds()).isEqualTo(100);
        assertThat(WaitEstimates.range(
                                100, CAP_KRW, counters(BIG_POOL, 0, 20, 60_000, flow(0, OPENED, 2_000)), A_MINUTE_LATER)
                        .meanSeconds())
                .as("a minute held all through counts as one second measured, not none")
                .isEqualTo(5);
    }

    @Test
    void aYoungRoundMeasuresItsAdmissionRateOverTheTimeSinceOpening() {
        WaitEstimates.Range range =
                WaitEstimates.range(100, CAP_KRW, counters(BIG_POOL, 0, 50, flow(0, OPENED, 2_000)), OPENED + 10_000);

        assertThat(range.meanSeconds()).isEqualTo(20);
    }

    @Test
    void theAdmissionRateIsMeasuredOverTheTimeItsCountsCoverToTheMillisecond() {
        // 21 admitted in the 2.5 s since opening is 8.4 a second: 600 places take 71 s, not the 57 s that 21 over
        // the two whole seconds would say.
        assertThat(WaitEstimates.range(600, CAP_KRW, counters(BIG_POOL, 0, 21, flow(0, OPENED, 2_000)), OPENED + 2_500)
                        .meanSeconds())
                .isEqualTo(71);
        // Past a minute, the counts are of this second so far and the 59 before it: 119 admissions in 59.5 s.
        assertThat(WaitEstimates.range(
                                200, CAP_KRW, counters(BIG_POOL, 0, 119, flow(0, OPENED, 2_000)), OPENED + 90_500)
                        .meanSeconds())
                .isEqualTo(100);
        assertThat(WaitEstimates.windowMillis(OPENED, OPENED + 90_500)).isEqualTo(59_500);
        assertThat(WaitEstimates.windowMillis(OPENED, OPENED + 90_000)).isEqualTo(59_000);
        assertThat(WaitEstimates.windowMillis(OPENED, OPENED + 700)).isEqualTo(700);
    }

    @Test
    void anOperatorsRateCapThatBindsIsThePaceNotTheTokenBucketsOpeningSecond() {
        // A cap of 6 a second: the bucket starts full, so 6 go at opening and 6 a second after them, 21 in the first
        // 2.5 s. The 600th next person waits 100 s at the cap, not the 71 s the 8.4 a second measured would say.
        WaitEstimates.Range capped = WaitEstimates.range(
                600, CAP_KRW, counters(BIG_POOL, 0, 21, 0, 6, flow(0, OPENED, 2_000)), OPENED + 2_500);

        assertThat(capped.meanSeconds()).isEqualTo(100);
        // the cap is known, not sampled: the spread is the Gamma wait's alone, 1.2816 * sqrt(1/600) = 0.0523
        assertThat(capped.lowSeconds()).isEqualTo(94);
        assertThat(capped.highSeconds()).isEqualTo(106);

        // Below the cap (a slow gateway halved admission) the measured pace stands: 3 a second.
        assertThat(WaitEstimates.range(
                                300, CAP_KRW, counters(BIG_POOL, 0, 30, 0, 6, flow(0, OPENED, 2_000)), OPENED + 10_000)
                        .meanSeconds())
                .isEqualTo(100);
    }

    @Test
    void atTheInFlightCapPeopleAreAdmittedAsFastAsHoldsEndAndTheOpeningBurstDoesNotCount() {
        // 2,000 admitted in the first second fill the cap; holds have since ended at 1 a second (a weighted count of
        // 15 over a time constant of 15 s, measured for ten minutes).
        WaitEstimates.Range range = WaitEstimates.range(
                100, CAP_KRW, counters(BIG_POOL, 2_000, 2_000, flow(ONE_A_SECOND, LONG_AGO, 2_000)), A_MINUTE_LATER);

        assertThat(range.meanSeconds()).isEqualTo(100);
        // spread 1.2816 * sqrt(1/100 + 1/15) = 0.3549
        assertThat(range.lowSeconds()).isEqualTo(64);
        assertThat(range.highSeconds()).isEqualTo(136);
    }

    @Test
    void theFreePlacesInFlightAreFilledAtTheAdmissionRateAndTheRestAsHoldsEnd() {
        // 50 free places filled at 3,000 admissions over the 59 s window (50.8 a second) while holds end at 1 a
        // second: the free places and the one place freed meanwhile go at the admission pace (51 people in 1 s), the
        // other 49 people at 1 a second.
        WaitEstimates.Range range = WaitEstimates.range(
                100, CAP_KRW, counters(BIG_POOL, 1_950, 3_000, flow(ONE_A_SECOND, LONG_AGO, 2_000)), A_MINUTE_LATER);

        assertThat(range.meanSeconds()).isEqualTo(50);
        assertThat(WaitEstimates.range(
                                200,
                                CAP_KRW,
                                counters(BIG_POOL, 1_950, 3_000, flow(ONE_A_SECOND, LONG_AGO, 2_000)),
                                A_MINUTE_LATER)
                        .meanSeconds())
                .isEqualTo(150);
    }

    @Test
    void underARateCapThatBindsTheFreePlacesNeedNotRunOutAndNobodyWaitsForHoldsToEnd() {
        // After a gateway outage the in-flight cap is halved to 1,000 while the window's errors recover; 100 are
        // held. Admission runs at the operator's cap of 6 a second, and holds end at 1 a second (few have paid since
        // admission resumed). The 900 free places run out at 5 a second, after 180 s and 1,080 admissions: the
        // 1,200th person waits 1,080 / 6 + 120 / 1 = 300 s, not 900 / 6 + 300 / 1 = 450 s.
        WaitEstimates.Flow slowEnding = flow(ONE_A_SECOND, LONG_AGO, 1_000);
        assertThat(WaitEstimates.range(1_200, CAP_KRW, counters(BIG_POOL, 100, 354, 0, 6, slowEnding), A_MINUTE_LATER)
                        .meanSeconds())
                .isEqualTo(300);
        // Holds ending at 6 a second or faster free places as fast as admission fills them: all at the cap.
        WaitEstimates.Flow quickEnding = flow(6 * ONE_A_SECOND, LONG_AGO, 1_000);
        assertThat(WaitEstimates.range(1_200, CAP_KRW, counters(BIG_POOL, 100, 354, 0, 6, quickEnding), A_MINUTE_LATER)
                        .meanSeconds())
                .isEqualTo(200);
    }

    @Test
    void aYoungMeasurementOfHoldsEndingIsNotBiasedTowardsZero() {
        // Three holds ended in the 3 s since the measurement began: the weighted time is 15 * (1 - e^-0.2) = 2.719 s,
        // so the rate is 1.103 a second, not the 0.2 a plain weighted count over the time constant would say.
        WaitEstimates.Range range = WaitEstimates.range(
                110,
                CAP_KRW,
                counters(
                        BIG_POOL,
                        3,
                        2_000,
                        new WaitEstimates.Flow(3, 3_000, A_MINUTE_LATER, A_MINUTE_LATER - 3_000, 3)),
                A_MINUTE_LATER);

        assertThat(range.meanSeconds()).isEqualTo(100);
    }

    @Test
    void withoutAMeasuredPaceThereIsNoEstimate() {
        assertThat(WaitEstimates.range(100, CAP_KRW, counters(BIG_POOL, 0, 0, flow(0, OPENED, 2_000)), A_MINUTE_LATER))
                .as("nobody admitted yet")
                .isEqualTo(WaitEstimates.Range.NONE);
        assertThat(WaitEstimates.range(
                        100, CAP_KRW, counters(BIG_POOL, 2_000, 2_000, flow(0, OPENED, 2_000)), A_MINUTE_LATER))
                .as("the cap filled and no hold ended yet")
                .isEqualTo(WaitEstimates.Range.NONE);
        assertThat(WaitEstimates.range(100, CAP_KRW, counters(BIG_POOL, 0, 60, flow(0, OPENED, 0)), A_MINUTE_LATER))
                .as("admission stopped by rule")
                .isEqualTo(WaitEstimates.Range.NONE);
    }

    @Test
    void untilAsManyHoldsEndedAsTheInFlightPlacesHoldThereIsNoEstimateForPeopleBeyondThem() {
        WaitEstimates.Flow young = new WaitEstimates.Flow(1_999, ONE_A_SECOND, A_MINUTE_LATER, LONG_AGO, 2_000);
        WaitEstimates.Flow turned = new WaitEstimates.Flow(2_000, ONE_A_SECOND, A_MINUTE_LATER, LONG_AGO, 2_000);

        assertThat(WaitEstimates.range(100, CAP_KRW, counters(BIG_POOL, 2_000, 0, young), A_MINUTE_LATER))
                .isEqualTo(WaitEstimates.Range.NONE);
        assertThat(WaitEstimates.range(100, CAP_KRW, counters(BIG_POOL, 2_000, 0, turned), A_MINUTE_LATER)
                        .meanSeconds())
                .isEqualTo(100);
        assertThat(WaitEstimates.range(10, CAP_KRW, counters(BIG_POOL, 1_990, 60, young), A_MINUTE_LATER)
                        .meanSeconds())
                .as("people who fit in the free places are admitted at the admission rate")
                .isEqualTo(10);
    }

    @Test
    void nobodyIsPromisedAWaitWhomThePoolCannotReachAtTheMeanHold() {
        WaitEstimates.Flow flow = flow(ONE_A_SECOND, LONG_AGO, 2_000);
        assertThat(WaitEstimates.range(10, CAP_KRW, counters(10 * CAP_KRW, 2_000, 0, flow), A_MINUTE_LATER)
                        .known())
                .isTrue();
        assertThat(WaitEstimates.range(11, CAP_KRW, counters(10 * CAP_KRW, 2_000, 0, flow), A_MINUTE_LATER))
                .isEqualTo(WaitEstimates.Range.NONE);
    }

    @Test
    void theWeightOfHoldsEndedDecaysByTheTimeConstantRoundedHalfUp() {
        assertThat(WaitEstimates.Flow.decayed(1_000, WaitEstimates.FLOW_TAU_MILLIS))
                .isEqualTo(368);
        assertThat(WaitEstimates.Flow.decayed(1_000, 0)).isEqualTo(1_000);
        assertThat(WaitEstimates.Flow.decayed(1_000, -5)).isEqualTo(1_000);
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
