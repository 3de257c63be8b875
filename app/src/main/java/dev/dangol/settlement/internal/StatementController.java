package dev.dangol.settlement.internal;

import dev.dangol.identity.Session;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Rejection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

/** Merchants' statements as JSON, and the page {@code /merchant/statements} that shows them. */
@Controller
class StatementController {

    private final Statements statements;
    private final StatementAccess access;

    StatementController(Statements statements, StatementAccess access) {
        this.statements = statements;
        this.access = access;
    }

    @GetMapping("/merchant/statements")
    String page() {
        return "forward:/merchant/statements.html";
    }

    @GetMapping("/api/v1/merchants/{merchantId}/statements/days/{day}")
    @ResponseBody
    StatementJson day(Session session, @PathVariable String merchantId, @PathVariable String day) {
        MerchantId merchant = merchant(merchantId);
        access.check(session, merchant);
        return StatementJson.of(statements.day(merchant, SettlementController.day(day)));
    }

    @GetMapping("/api/v1/merchants/{merchantId}/statements/months/{month}")
    @ResponseBody
    StatementJson month(Session session, @PathVariable String merchantId, @PathVariable String month) {
        MerchantId merchant = merchant(merchantId);
        access.check(session, merchant);
        YearMonth parsed;
        try {
            parsed = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw Rejection.invalid("MONTH_INVALID", "Give the month as YYYY-MM, for example 2026-12.");
        }
        return StatementJson.of(statements.month(merchant, parsed));
    }

    private static MerchantId merchant(String text) {
        try {
            return MerchantId.of(text);
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid("MERCHANT_ID_INVALID", "A merchant id is 1 to 64 letters, digits, '-' or '_'.");
        }
    }

    record LineJson(
            LocalDate businessDay,
            String programId,
            long paymentsKrw,
            int paymentCount,
            long cancellationsKrw,
            int cancellationCount,
            long feeKrw,
            long payoutKrw,
            String settlement,
            LocalDate payoutDay,
            String reference) {}

    record StatementJson(
            String merchantId,
            LocalDate from,
            LocalDate to,
            long paymentsKrw,
            long cancellationsKrw,
            long feesKrw,
            long payoutsKrw,
            Map<String, Long> stillPayableKrw,
            List<LineJson> lines,
            Instant asOf) {

        static StatementJson of(Statement s) {
            Map<String, Long> payable = new TreeMap<>();
            s.stillPayable().forEach((program, money) -> payable.put(program.value(), money.krw()));
            return new StatementJson(
                    s.merchant().value(),
                    s.from(),
                    s.to(),
                    s.payments().krw(),
                    s.cancellations().krw(),
                    s.fees().krw(),
                    s.payouts().krw(),
                    payable,
                    s.lines().stream()
                            .map(l -> new LineJson(
                                    l.businessDay(),
                                    l.program().value(),
                                    l.payments().krw(),
                                    l.paymentCount(),
                                    l.cancellations().krw(),
                                    l.cancellationCount(),
                                    l.fee().krw(),
                                    l.payout().krw(),
                                    l.settlement(),
                                    l.payoutDay(),
                                    l.reference()))
                            .toList(),
                    s.asOf());
        }
    }
}
