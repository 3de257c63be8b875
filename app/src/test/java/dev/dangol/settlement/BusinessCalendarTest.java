package dev.dangol.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private final BusinessCalendar calendar = BusinessCalendar.korean();

    private static Instant seoul(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), BusinessCalendar.SEOUL)
                .toInstant();
    }

    @Test
    void aPaymentLateOnFridayNightBelongsToFridayAndOneAfterMidnightToMonday() {
        assertThat(calendar.batchDayOf(seoul("2026-12-04T23:59:59"))).isEqualTo(LocalDate.of(2026, 12, 4));
        assertThat(calendar.batchDayOf(seoul("2026-12-05T00:00:00"))).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(calendar.batchDayOf(seoul("2026-12-06T18:00:00"))).isEqualTo(LocalDate.of(2026, 12, 7));
    }

    @Test
    void mondaysBatchRunsFromSaturdayMidnightToMondayMidnightInSeoul() {
        LocalDate monday = LocalDate.of(2026, 12, 7);
        assertThat(calendar.batchStart(monday)).isEqualTo(Instant.parse("2026-12-04T15:00:00Z"));
        assertThat(calendar.batchEnd(monday)).isEqualTo(Instant.parse("2026-12-07T15:00:00Z"));
        // Consecutive batches meet without a gap or an overlap.
        assertThat(calendar.batchStart(LocalDate.of(2026, 12, 8))).isEqualTo(calendar.batchEnd(monday));
    }

    @Test
    void aHolidayOnAFridayMovesItsPaymentsAndPayoutsToMonday() {
        LocalDate hangulDay = LocalDate.of(2026, 10, 9);
        assertThat(calendar.isBusinessDay(hangulDay)).isFalse();
        assertThat(calendar.batchDayOf(seoul("2026-10-09T12:00:00"))).isEqualTo(LocalDate.of(2026, 10, 12));
        assertThat(calendar.payoutDay(LocalDate.of(2026, 10, 8), 1)).isEqualTo(LocalDate.of(2026, 10, 12));
    }

    @Test
    void chuseokIsSkippedAndItsSaturdayGivesNoSubstituteDay() {
        assertThat(calendar.payoutDay(LocalDate.of(2026, 9, 23), 1)).isEqualTo(LocalDate.of(2026, 9, 28));
        assertThat(calendar.isBusinessDay(LocalDate.of(2026, 9, 28))).isTrue();
        assertThat(calendar.batchStart(LocalDate.of(2026, 9, 28))).isEqualTo(seoul("2026-09-24T00:00:00"));
    }

    @Test
    void constitutionDayIsAHolidayAgainFrom2026() {
        assertThat(calendar.isBusinessDay(LocalDate.of(2026, 7, 17))).isFalse();
        assertThat(calendar.payoutDay(LocalDate.of(2026, 7, 16), 1)).isEqualTo(LocalDate.of(2026, 7, 20));
        assertThat(calendar.isBusinessDay(LocalDate.of(2027, 7, 19))).isFalse();
    }

    @Test
    void banksWorkOnTheThirtyFirstAndNewYearPushesPayoutsIntoJanuary() {
        LocalDate lastBusinessDay = LocalDate.of(2026, 12, 31);
        assertThat(calendar.isBusinessDay(lastBusinessDay)).isTrue();
        assertThat(calendar.payoutDay(LocalDate.of(2026, 12, 30), 1)).isEqualTo(lastBusinessDay);
        assertThat(calendar.payoutDay(lastBusinessDay, 1)).isEqualTo(LocalDate.of(2027, 1, 4));
        assertThat(calendar.payoutDay(lastBusinessDay, 2)).isEqualTo(LocalDate.of(2027, 1, 5));
        assertThat(calendar.batchDayOf(seoul("2027-01-01T10:00:00"))).isEqualTo(LocalDate.of(2027, 1, 4));
        assertThat(calendar.previousBusinessDay(LocalDate.of(2027, 1, 4))).isEqualTo(lastBusinessDay);
    }

    @Test
    void holidaysAreConfigurable() {
        BusinessCalendar noHolidays = new BusinessCalendar(List.of());
        assertThat(noHolidays.isBusinessDay(LocalDate.of(2026, 10, 9))).isTrue();
        BusinessCalendar extra = new BusinessCalendar(List.of(LocalDate.of(2026, 12, 8)));
        assertThat(extra.payoutDay(LocalDate.of(2026, 12, 7), 1)).isEqualTo(LocalDate.of(2026, 12, 9));
    }

    @Test
    void aConfiguredListReplacesTheBuiltInOneAndABadDateIsNamed() {
        BusinessCalendar configured = BusinessCalendar.configured(" 2026-12-08, 2026-12-09 ,");
        assertThat(configured.isBusinessDay(LocalDate.of(2026, 12, 8))).isFalse();
        assertThat(configured.isBusinessDay(LocalDate.of(2026, 12, 25))).isTrue();
        assertThat(BusinessCalendar.configured("").isBusinessDay(LocalDate.of(2026, 12, 25)))
                .isFalse();
        assertThatThrownBy(() -> BusinessCalendar.configured("2026-12-08,12/25"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'12/25'");
    }

    @Test
    void payoutsAreOneOrTwoBusinessDaysLaterAndOnlyBusinessDaysHaveBatches() {
        assertThatThrownBy(() -> calendar.payoutDay(LocalDate.of(2026, 12, 7), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calendar.batchStart(LocalDate.of(2026, 12, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a business day");
    }
}
