package dev.dangol.settlement;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Korean banks' business days: Monday to Friday in Asia/Seoul, except public holidays and Labour Day (1 May, when
 * banks close though it is not a public holiday). 31 December is a business day for banks: only the securities and
 * foreign-exchange markets close then. The list of holidays is configuration, since substitute holidays and election
 * days are announced year by year; {@link #KOREAN_HOLIDAYS_2026_2027} is the default.
 *
 * <p>A payment belongs to the batch of the business day it was made on, in Seoul time; one made on a weekend or a
 * holiday belongs to the next business day's batch, as card acquirers count weekend sales. So the batch of a business
 * day covers every instant from the end of the previous business day to the end of this one (docs/decisions/0014).
 */
public final class BusinessCalendar {

    public static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    /**
     * Public holidays (substitute holidays included) and Labour Day for 2026 and 2027, checked on 6 December 2026
     * against the announced 2026 calendar (the Korea AeroSpace Administration's almanac: Chuseok 24 to 26 September
     * 2026 has no substitute day, since a Saturday does not give Seollal or Chuseok one) and the February 2026
     * amendment of the Public Holidays Act that made Constitution Day (17 July) a public holiday again. The 2027
     * substitute for Constitution Day assumes the rule of the other national days (a Saturday or Sunday gives one);
     * check the list against the gazette when a year's calendar is published.
     */
    public static final Set<LocalDate> KOREAN_HOLIDAYS_2026_2027 = Set.of(
            // 2026
            LocalDate.of(2026, 1, 1),
            LocalDate.of(2026, 2, 16),
            LocalDate.of(2026, 2, 17),
            LocalDate.of(2026, 2, 18),
            LocalDate.of(2026, 3, 2), // substitute for 1 March, a Sunday
            LocalDate.of(2026, 5, 1),
            LocalDate.of(2026, 5, 5),
            LocalDate.of(2026, 5, 25), // substitute for Buddha's Birthday on Sunday 24 May
            LocalDate.of(2026, 6, 3), // local elections
            LocalDate.of(2026, 7, 17), // Constitution Day, a public holiday again from 2026
            LocalDate.of(2026, 8, 17), // substitute for Liberation Day, a Saturday
            LocalDate.of(2026, 9, 24),
            LocalDate.of(2026, 9, 25),
            LocalDate.of(2026, 10, 5), // substitute for National Foundation Day, a Saturday
            LocalDate.of(2026, 10, 9),
            LocalDate.of(2026, 12, 25),
            // 2027
            LocalDate.of(2027, 1, 1),
            LocalDate.of(2027, 2, 8),
            LocalDate.of(2027, 2, 9), // substitute for Seollal, a Sunday
            LocalDate.of(2027, 3, 1),
            LocalDate.of(2027, 5, 5),
            LocalDate.of(2027, 5, 13),
            LocalDate.of(2027, 7, 19), // substitute for Constitution Day, a Saturday
            LocalDate.of(2027, 8, 16), // substitute for Liberation Day, a Sunday
            LocalDate.of(2027, 9, 14),
            LocalDate.of(2027, 9, 15),
            LocalDate.of(2027, 9, 16),
            LocalDate.of(2027, 10, 4), // substitute for National Foundation Day, a Sunday
            LocalDate.of(2027, 10, 11), // substitute for Hangul Day, a Saturday
            LocalDate.of(2027, 12, 27)); // substitute for Christmas, a Saturday

    /** A run of holidays longer than this is a configuration mistake, and the loops below stay bounded. */
    private static final int DAYS_WITHOUT_BUSINESS_MAX = 31;

    private final Set<LocalDate> holidays;

    public BusinessCalendar(Collection<LocalDate> holidays) {
        Objects.requireNonNull(holidays, "holidays");
        this.holidays = Set.copyOf(new TreeSet<>(holidays));
    }

    public static BusinessCalendar korean() {
        return new BusinessCalendar(KOREAN_HOLIDAYS_2026_2027);
    }

    /**
     * A calendar from configuration: ISO dates separated by commas (the whole list of holidays, replacing the
     * built-in one), or blank for {@link #korean()}.
     */
    public static BusinessCalendar configured(String isoDates) {
        if (isoDates == null || isoDates.isBlank()) {
            return korean();
        }
        List<LocalDate> holidays = new ArrayList<>();
        for (String text : isoDates.split(",")) {
            if (text.isBlank()) {
                continue;
            }
            try {
                holidays.add(LocalDate.parse(text.strip()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "a holiday must be an ISO date such as 2026-10-09, not '" + text.strip() + "'", e);
            }
        }
        return new BusinessCalendar(holidays);
    }

    public boolean isBusinessDay(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /** The first business day after this day. */
    public LocalDate nextBusinessDay(LocalDate day) {
        LocalDate next = day.plusDays(1);
        for (int i = 0; i < DAYS_WITHOUT_BUSINESS_MAX && !isBusinessDay(next); i++) {
            next = next.plusDays(1);
        }
        return requireBusinessDay(next);
    }

    /** The last business day before this day. */
    public LocalDate previousBusinessDay(LocalDate day) {
        LocalDate previous = day.minusDays(1);
        for (int i = 0; i < DAYS_WITHOUT_BUSINESS_MAX && !isBusinessDay(previous); i++) {
            previous = previous.minusDays(1);
        }
        return requireBusinessDay(previous);
    }

    /** The business day whose batch a payment made at this instant belongs to. */
    public LocalDate batchDayOf(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, SEOUL);
        return isBusinessDay(day) ? day : nextBusinessDay(day);
    }

    /** The first instant of a business day's batch: midnight in Seoul after the previous business day. */
    public Instant batchStart(LocalDate businessDay) {
        requireBusinessDay(businessDay);
        return previousBusinessDay(businessDay).plusDays(1).atStartOfDay(SEOUL).toInstant();
    }

    /** The end of a business day's batch, exclusive: the next midnight in Seoul. */
    public Instant batchEnd(LocalDate businessDay) {
        requireBusinessDay(businessDay);
        return businessDay.plusDays(1).atStartOfDay(SEOUL).toInstant();
    }

    /** When a business day's batch reaches the merchants' banks: that many business days later. */
    public LocalDate payoutDay(LocalDate businessDay, int businessDaysLater) {
        if (businessDaysLater < 1 || businessDaysLater > 2) {
            throw new IllegalArgumentException("payouts are made 1 or 2 business days later, not " + businessDaysLater);
        }
        LocalDate day = requireBusinessDay(businessDay);
        for (int i = 0; i < businessDaysLater; i++) {
            day = nextBusinessDay(day);
        }
        return day;
    }

    private LocalDate requireBusinessDay(LocalDate day) {
        if (!isBusinessDay(day)) {
            throw new IllegalArgumentException(day + " is not a business day");
        }
        return day;
    }
}
