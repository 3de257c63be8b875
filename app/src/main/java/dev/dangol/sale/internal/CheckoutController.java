package dev.dangol.sale.internal;

import dev.dangol.identity.FundingSource;
import dev.dangol.identity.FundingSources;
import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.identity.Sessions;
import dev.dangol.sale.Checkout;
import dev.dangol.sale.CheckoutId;
import dev.dangol.sale.CheckoutOrder;
import dev.dangol.sale.CheckoutStatus;
import dev.dangol.sale.Checkouts;
import dev.dangol.shared.Money;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.IdempotencyKey;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Launch-day purchases by admitted people, paid through the payment gateway. */
@RestController
class CheckoutController {

    private final Checkouts checkouts;
    private final FundingSources fundingSources;
    private final Sessions sessions;

    CheckoutController(Checkouts checkouts, FundingSources fundingSources, Sessions sessions) {
        this.checkouts = checkouts;
        this.fundingSources = fundingSources;
        this.sessions = sessions;
    }

    record CheckoutRequest(Long faceValue, String fundingSourceId) {}

    record CheckoutJson(
            String id,
            String round,
            long faceValue,
            String fundingSourceId,
            String purchaseId,
            CheckoutStatus status,
            String reason,
            String message,
            Instant createdAt,
            Instant updatedAt) {

        static CheckoutJson of(Checkout c) {
            return new CheckoutJson(
                    c.id().value(),
                    c.round().value(),
                    c.faceValue().krw(),
                    c.fundingSourceId(),
                    c.purchase().value(),
                    c.status(),
                    c.reason(),
                    message(c),
                    c.createdAt(),
                    c.updatedAt());
        }

        private static String message(Checkout c) {
            return switch (c.status()) {
                case PAYING ->
                    "Your payment is being confirmed with the bank or card company. Your vouchers are set aside;"
                            + " this page updates by itself, and you will never be charged twice.";
                case PAID -> "Paid. " + c.faceValue().krw() + " KRW of vouchers are in your wallet.";
                case DECLINED ->
                    "The payment did not go through and nothing was taken. While your turn lasts you can try again,"
                            + " with another account or card if you like.";
                case LATE_APPROVAL ->
                    "The payment was approved after your turn had ended. Dangol is buying your vouchers now if budget"
                            + " remains, or refunding the payment in full.";
                case REFUNDED ->
                    "The payment was approved too late to buy vouchers, so it was cancelled and refunded in full.";
            };
        }
    }

    @PostMapping("/api/v1/rounds/{round}/checkouts")
    ResponseEntity<CheckoutJson> checkout(
            Session session,
            @PathVariable String round,
            @RequestHeader("Idempotency-Key") String key,
            @RequestBody CheckoutRequest body) {
        session.require(Role.CITIZEN);
        if (body == null || body.faceValue() == null || body.fundingSourceId() == null) {
            throw Rejection.invalid(
                    "FIELD_MISSING",
                    "Give 'faceValue' (won, a multiple of the purchase unit, within your hold) and 'fundingSourceId'"
                            + " (one of your linked accounts or cards).");
        }
        IdempotencyKey idempotencyKey = new IdempotencyKey(key);
        FundingSource source = fundingSources
                .fundingSource(session.person(), body.fundingSourceId())
                .orElseThrow(() -> Rejection.notFound(
                        "FUNDING_SOURCE_NOT_FOUND",
                        "You have no linked account or card " + body.fundingSourceId() + "; link one first."));
        // Paying counts as using the session: nobody is signed out while the bank answers.
        sessions.keepAlive(session.person());
        Checkout checkout = checkouts.checkout(new CheckoutOrder(
                session.person(),
                RoundId.of(round),
                Money.krw(body.faceValue()),
                source.method(),
                source.id(),
                source.gatewayToken(),
                idempotencyKey));
        URI location = URI.create("/api/v1/checkouts/" + checkout.id());
        HttpStatus status = checkout.status() == CheckoutStatus.PAYING ? HttpStatus.ACCEPTED : HttpStatus.CREATED;
        return ResponseEntity.status(status).location(location).body(CheckoutJson.of(checkout));
    }

    @GetMapping("/api/v1/checkouts/{id}")
    CheckoutJson checkout(Session session, @PathVariable String id) {
        if (!CheckoutId.isValid(id)) {
            throw Rejection.notFound("CHECKOUT_NOT_FOUND", "There is no checkout " + id + ".");
        }
        return checkouts
                .find(session.person(), new CheckoutId(id))
                .map(CheckoutJson::of)
                .orElseThrow(() -> Rejection.notFound("CHECKOUT_NOT_FOUND", "You have no checkout " + id + "."));
    }
}
