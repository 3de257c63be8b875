package dev.dangol.payment.internal;

import dev.dangol.identity.MerchantMembers;
import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.merchant.Merchants;
import dev.dangol.shared.Ids;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.MerchantPayments;
import dev.dangol.wallet.Payment;
import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.PaymentStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Paying merchants over JSON: the citizen's side (pay, one-time codes, receipts), the merchant's side (charge a
 * scanned code, today's list and live feed, cancel) and the operator's link of a person to a merchant. Money-moving
 * requests need an {@code Idempotency-Key}; a cancellation is idempotent by the payment's own id.
 */
@RestController
class PaymentController {

    private static final ZoneId KOREA = ZoneId.of("Asia/Seoul");
    private static final int DAY_LIST_MAX = 2_000;

    private final PaymentDesk desk;
    private final MerchantPayments payments;
    private final ConsumerCodeBook codes;
    private final HttpPaymentFeed feed;
    private final MerchantMembers members;
    private final Merchants merchants;
    private final Clock clock;

    PaymentController(
            PaymentDesk desk,
            MerchantPayments payments,
            ConsumerCodeBook codes,
            HttpPaymentFeed feed,
            MerchantMembers members,
            Merchants merchants,
            Clock clock) {
        this.desk = desk;
        this.payments = payments;
        this.codes = codes;
        this.feed = feed;
        this.members = members;
        this.merchants = merchants;
        this.clock = clock;
    }

    // The citizen's side.

    record PayRequest(String merchantId, String programId, Long amount, Boolean autoCharge) {}

    @PostMapping("/api/v1/payments")
    ResponseEntity<PaymentJson> pay(
            Session session, @RequestHeader("Idempotency-Key") String key, @RequestBody PayRequest body) {
        IdempotencyKey idempotencyKey = new IdempotencyKey(key);
        if (body == null || body.merchantId() == null || body.programId() == null || body.amount() == null) {
            throw Rejection.invalid(
                    "FIELD_MISSING", "Give 'merchantId' (from the shop's code), 'programId' and 'amount' (won).");
        }
        Payment payment = desk.payByCitizen(
                session.person(),
                merchantId(body.merchantId()),
                programId(body.programId()),
                Money.krw(body.amount()),
                idempotencyKey,
                Boolean.TRUE.equals(body.autoCharge()));
        return ResponseEntity.created(URI.create("/api/v1/payments/" + payment.id()))
                .body(PaymentJson.forPayer(payment));
    }

    @GetMapping("/api/v1/payments/{paymentId}")
    PaymentJson payment(Session session, @PathVariable String paymentId) {
        Payment payment = PaymentId.isValid(paymentId)
                ? payments.payment(new PaymentId(paymentId)).orElse(null)
                : null;
        if (payment == null) {
            throw Rejection.notFound("PAYMENT_NOT_FOUND", "There is no payment " + paymentId + ".");
        }
        if (payment.payer().equals(session.person()) || session.has(Role.OPERATOR)) {
            return PaymentJson.forPayer(payment);
        }
        if (session.has(Role.MERCHANT) && members.actsFor(session.person(), payment.merchant())) {
            return PaymentJson.forMerchant(payment);
        }
        // Someone else's payment is answered as unknown, so that ids cannot be probed.
        throw Rejection.notFound("PAYMENT_NOT_FOUND", "There is no payment " + paymentId + ".");
    }

    record CodeRequest(String programId) {}

    record CodeJson(String code, String programId, Instant expiresAt, long validSeconds) {}

    @PostMapping("/api/v1/consumer-codes")
    ResponseEntity<CodeJson> issueCode(Session session, @RequestBody CodeRequest body) {
        if (body == null || body.programId() == null) {
            throw Rejection.invalid("FIELD_MISSING", "Give 'programId': which vouchers the code pays with.");
        }
        ConsumerCodeBook.Issued issued = codes.issue(session.person(), programId(body.programId()));
        return ResponseEntity.status(201)
                .body(new CodeJson(
                        issued.code(),
                        issued.program().value(),
                        issued.expiresAt(),
                        Math.max(
                                0,
                                issued.expiresAt().getEpochSecond()
                                        - clock.instant().getEpochSecond())));
    }

    // The merchant's side.

    record ChargeRequest(String merchantId, String code, Long amount) {}

    @PostMapping("/api/v1/merchant-payments")
    ResponseEntity<PaymentJson> chargeCode(
            Session session, @RequestHeader("Idempotency-Key") String key, @RequestBody ChargeRequest body) {
        IdempotencyKey idempotencyKey = new IdempotencyKey(key);
        session.require(Role.MERCHANT);
        if (body == null || body.code() == null || body.amount() == null) {
            throw Rejection.invalid(
                    "FIELD_MISSING", "Give 'code' (the customer's payment code) and 'amount' (won) to charge.");
        }
        MerchantId merchant = actingMerchant(session, body.merchantId());
        Payment payment = desk.payByCode(merchant, body.code(), Money.krw(body.amount()), idempotencyKey);
        return ResponseEntity.created(URI.create("/api/v1/payments/" + payment.id()))
                .body(PaymentJson.forMerchant(payment));
    }

    @PostMapping("/api/v1/merchants/{merchantId}/payments/{paymentId}/cancel")
    PaymentJson cancel(Session session, @PathVariable String merchantId, @PathVariable String paymentId) {
        MerchantId merchant = merchantId(merchantId);
        members.requireFor(session, merchant);
        if (!PaymentId.isValid(paymentId)) {
            throw Rejection.notFound("PAYMENT_NOT_FOUND", "There is no payment " + paymentId + ".");
        }
        return PaymentJson.forMerchant(desk.cancel(merchant, new PaymentId(paymentId)));
    }

    record DayJson(
            String merchantId,
            LocalDate day,
            int count,
            long paid,
            long cancelled,
            long net,
            boolean complete,
            List<PaymentJson> payments) {}

    @GetMapping("/api/v1/merchants/{merchantId}/payments")
    DayJson day(Session session, @PathVariable String merchantId, @RequestParam(required = false) String day) {
        MerchantId merchant = merchantId(merchantId);
        members.requireFor(session, merchant);
        LocalDate date = day == null || day.isBlank() ? LocalDate.ofInstant(clock.instant(), KOREA) : date(day);
        List<Payment> list = payments.day(merchant, date, DAY_LIST_MAX + 1);
        boolean complete = list.size() <= DAY_LIST_MAX;
        List<Payment> shown = complete ? list : list.subList(0, DAY_LIST_MAX);
        long paid = shown.stream().mapToLong(p -> p.amount().krw()).sum();
        long cancelled = shown.stream()
                .filter(p -> p.status() == PaymentStatus.CANCELLED)
                .mapToLong(p -> p.amount().krw())
                .sum();
        return new DayJson(
                merchant.value(),
                date,
                shown.size(),
                paid,
                cancelled,
                paid - cancelled,
                complete,
                shown.stream().map(PaymentJson::forMerchant).toList());
    }

    record HelloJson(String merchantId, Instant serverTime) {}

    @GetMapping(value = "/api/v1/merchants/{merchantId}/payments/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Session session, @PathVariable String merchantId) {
        MerchantId merchant = merchantId(merchantId);
        members.requireFor(session, merchant);
        return feed.subscribe(merchant, new HelloJson(merchant.value(), clock.instant()));
    }

    record MerchantsJson(String personId, List<String> merchantIds) {}

    /** The merchants the signed-in person acts for, so that a merchant page knows which one to show. */
    @GetMapping("/api/v1/merchant-memberships")
    MerchantsJson memberships(Session session) {
        session.require(Role.MERCHANT);
        return new MerchantsJson(
                session.person().value(),
                members.merchantsOf(session.person()).stream()
                        .map(MerchantId::value)
                        .toList());
    }

    // The operator's side.

    @PutMapping("/api/v1/operator/merchants/{merchantId}/members/{personId}")
    MerchantsJson link(Session session, @PathVariable String merchantId, @PathVariable String personId) {
        session.require(Role.OPERATOR);
        MerchantId merchant = merchantId(merchantId);
        if (merchants.merchant(merchant).isEmpty()) {
            throw Rejection.notFound("MERCHANT_NOT_FOUND", "There is no merchant " + merchantId + ".");
        }
        if (!Ids.isValid(personId)) {
            throw Rejection.notFound("PERSON_NOT_FOUND", "There is no member " + personId + ".");
        }
        PersonId person = PersonId.of(personId);
        members.link(person, merchant);
        return new MerchantsJson(
                personId,
                members.merchantsOf(person).stream().map(MerchantId::value).toList());
    }

    private MerchantId actingMerchant(Session session, String merchantId) {
        if (merchantId != null) {
            MerchantId merchant = merchantId(merchantId);
            members.requireFor(session, merchant);
            return merchant;
        }
        List<MerchantId> mine = members.merchantsOf(session.person());
        if (mine.size() != 1) {
            throw Rejection.invalid(
                    mine.isEmpty() ? "NOT_A_MEMBER_OF_MERCHANT" : "MERCHANT_ID_REQUIRED",
                    mine.isEmpty()
                            ? "You do not act for any merchant; ask an operator to link you to yours."
                            : "You act for several merchants; give 'merchantId' to say which one charges.");
        }
        return mine.getFirst();
    }

    private static MerchantId merchantId(String value) {
        if (!Ids.isValid(value)) {
            throw Rejection.notFound("MERCHANT_NOT_FOUND", "There is no merchant " + value + ".");
        }
        return MerchantId.of(value);
    }

    private static ProgramId programId(String value) {
        if (!Ids.isValid(value)) {
            throw Rejection.notFound("PROGRAM_NOT_FOUND", "There is no program " + value + ".");
        }
        return ProgramId.of(value);
    }

    private static LocalDate date(String day) {
        try {
            return LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw Rejection.invalid("DAY_INVALID", "Give 'day' as YYYY-MM-DD, such as 2026-12-06.");
        }
    }
}
