package dev.dangol.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalCurveTest {

    @Test
    void drawsArrivalsWithTheCurvesDensity() {
        // A surge: weight 100 at opening falling to 0 at 60 s. The share before t is 1 - (1 - t/60)^2.
        ArrivalCurve surge = ArrivalCurve.parse("0:100,60:0");
        SplittableRandom random = new SplittableRandom(42);
        int n = 100_000;
        int[] bySecond = new int[61];
        for (int i = 0; i < n; i++) {
            long millis = surge.sampleMillis(random);
            assertThat(millis).isBetween(0L, 60_000L);
            bySecond[(int) (millis / 1_000)]++;
        }
        int firstTen = 0;
        int firstThirty = 0;
        for (int s = 0; s < 30; s++) {
            firstThirty += bySecond[s];
            if (s < 10) {
                firstTen += bySecond[s];
            }
        }
        assertThat((double) firstTen / n).isCloseTo(1 - Math.pow(50.0 / 60, 2), within(0.01));
        assertThat((double) firstThirty / n).isCloseTo(0.75, within(0.01));
        assertThat(surge.cumulativeShare(30)).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void flatSegmentsAreUniformAndEmptyOnesGetNobody() {
        ArrivalCurve curve = ArrivalCurve.parse("0:1,10:1,20:0,30:0,40:1");
        SplittableRandom random = new SplittableRandom(1);
        int[] byTen = new int[4];
        for (int i = 0; i < 40_000; i++) {
            byTen[(int) Math.min(3, curve.sampleMillis(random) / 10_000)]++;
        }
        // Areas 10, 5, 0, 5 of 20.
        assertThat(byTen[0] / 40_000.0).isCloseTo(0.5, within(0.01));
        assertThat(byTen[1] / 40_000.0).isCloseTo(0.25, within(0.01));
        assertThat(byTen[2]).isZero();
        assertThat(byTen[3] / 40_000.0).isCloseTo(0.25, within(0.01));
    }

    @Test
    void theSameSeedGivesTheSameArrivals() {
        ArrivalCurve curve = ArrivalCurve.parse("0:100,10:80,20:40,30:15,45:5,60:0");
        SplittableRandom a = new SplittableRandom(2022);
        SplittableRandom b = new SplittableRandom(2022);
        for (int i = 0; i < 1_000; i++) {
            assertThat(curve.sampleMillis(a)).isEqualTo(curve.sampleMillis(b));
        }
    }

    @Test
    void refusesCurvesThatMeanNothing() {
        assertThatThrownBy(() -> ArrivalCurve.parse("5:1,10:1")).hasMessageContaining("second 0");
        assertThatThrownBy(() -> ArrivalCurve.parse("0:1,0:1")).hasMessageContaining("increase");
        assertThatThrownBy(() -> ArrivalCurve.parse("0:0,10:0")).hasMessageContaining("some weight");
        assertThatThrownBy(() -> ArrivalCurve.parse("0:1,10:-1")).hasMessageContaining("not negative");
        assertThatThrownBy(() -> ArrivalCurve.parse("0:1;10:1")).hasMessageContaining("second:weight");
        assertThatThrownBy(() -> ArrivalCurve.parse("0:1")).hasMessageContaining("2 or more");
    }
}
