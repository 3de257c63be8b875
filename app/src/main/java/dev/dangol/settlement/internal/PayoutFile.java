package dev.dangol.settlement.internal;

import dev.dangol.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The bank's payout file for one business day (docs/settlement-files.md): a header, one line per paid payout, and a
 * trailer with the count and the sum the bank checks before it pays. Fields are separated by '|'; lines end with
 * CRLF, as Korean banks' batch interfaces expect; text is UTF-8.
 */
final class PayoutFile {

    static final String FORMAT = "DANGOL-PAYOUT";
    static final int VERSION = 1;

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String END = "\r\n";

    private PayoutFile() {}

    /** The file of a day's run; only paid payouts are lines, in the order given. */
    static String render(LocalDate businessDay, LocalDate payoutDay, Instant createdAt, List<Payout> payouts) {
        StringBuilder file = new StringBuilder();
        file.append("H|")
                .append(FORMAT)
                .append('|')
                .append(VERSION)
                .append('|')
                .append(DAY.format(businessDay))
                .append('|')
                .append(DAY.format(payoutDay))
                .append('|')
                .append(createdAt)
                .append(END);
        int count = 0;
        Money sum = Money.ZERO;
        for (Payout p : payouts) {
            if (p.outcome() != PayoutOutcome.PAID) {
                continue;
            }
            count++;
            sum = sum.plus(p.payout());
            file.append("D|")
                    .append(String.format("%06d", count))
                    .append('|')
                    .append(p.account().bankCode())
                    .append('|')
                    .append(p.account().accountNumber())
                    .append('|')
                    .append(field(p.account().holderName()))
                    .append('|')
                    .append(p.payout().krw())
                    .append('|')
                    .append(p.reference())
                    .append(END);
        }
        file.append("T|").append(count).append('|').append(sum.krw()).append(END);
        return file.toString();
    }

    /** A holder's name as a field: the separator and line breaks would break the file, so they become spaces. */
    static String field(String text) {
        return text.replace('|', ' ').replace('\r', ' ').replace('\n', ' ');
    }
}
